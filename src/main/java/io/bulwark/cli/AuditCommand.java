package io.bulwark.cli;

import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.config.ConfigException;
import io.bulwark.runtime.AuditIntegrity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bulwark audit verify}: walks the whole keyed audit chain and names the first record that was tampered with. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the gateway's audit trail.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    /** Exit status: every record intact. */
    static final int INTACT = 0;
    /** Exit status: a record was edited, removed, inserted, reordered, or the end was cut. */
    static final int TAMPERED = 1;
    /** Exit status: the check could not run (configuration, store or master key). */
    static final int COULD_NOT_RUN = 2;

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify every record of the audit chain with the master key's chain key, and the chain's end against this "
                    + "node's tail anchor. Exit status 0: intact; 1: tampered; 2: the check could not run.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() {
            Path database;
            try {
                database = options.embeddedDatabaseFile();
            } catch (ConfigException e) {
                System.err.println("bulwark: invalid configuration.");
                System.err.println(e.getMessage());
                return COULD_NOT_RUN;
            }
            if (database != null && !Files.exists(database)) {
                System.err.println("bulwark: no embedded store at " + database + "; point --data-dir at the node's data folder (the one "
                        + "holding store/ and master.key), or --config at its bulwark.yaml");
                return COULD_NOT_RUN;
            }
            return options.run(opened -> {
                AuditIntegrity audit = AuditIntegrity.of(opened.masterKey(), opened.dataDir());
                AuditChainVerifier.Result result = audit.verifier().verify(opened.store().auditRecords());
                if (result.legacy() > 0) {
                    System.out.printf("%d records from before the keyed chain (plain SHA-256): their content was not keyed when written,"
                            + " sealed by the keyed record after them.%n", result.legacy());
                }
                if (result.anchoredAt() == 0) {
                    System.out.printf("No tail anchor in %s yet: removing the newest records cannot be told from a shorter chain.%n",
                            audit.anchor().file());
                }
                if (result.intact()) {
                    System.out.printf("Audit chain intact: %d records verified%s.%n", result.verified(),
                            result.anchoredAt() > 0 ? ", the end matches the tail anchor (record " + result.anchoredAt() + ")" : "");
                    return INTACT;
                }
                if (result.brokenAt() > 0) {
                    System.out.printf("Audit chain TAMPERED: %d records verified before record %d.%n", result.verified(), result.brokenAt());
                    System.out.printf("First broken record: %d: %s.%n", result.brokenAt(), result.problem());
                } else {
                    System.out.printf("Audit chain TAMPERED: %s.%n", result.problem());
                }
                return TAMPERED;
            }, COULD_NOT_RUN);
        }
    }
}
