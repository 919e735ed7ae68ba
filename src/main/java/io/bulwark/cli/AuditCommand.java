package io.bulwark.cli;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditCheckpoint;
import io.bulwark.audit.AuditCheckpointVerifier;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.config.ConfigException;
import io.bulwark.runtime.AuditCheckpointing;
import io.bulwark.runtime.AuditIntegrity;
import io.bulwark.store.KeyPurpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bulwark audit}: {@code verify} walks the keyed audit chain (whole, or a range) and its signed checkpoints and
 * names the first record or checkpoint that was tampered with; {@code export} and {@code search} read records out.
 * Each run is itself recorded in the audit trail (PCI DSS v4.0 10.2.1.3, access to audit logs).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, export and search the gateway's audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditExportCommand.class, AuditSearchCommand.class})
final class AuditCommand {

    /** Exit status: every record intact. */
    static final int INTACT = 0;
    /** Exit status: a record was edited, removed, inserted, reordered, or the end was cut. */
    static final int TAMPERED = 1;
    /** Exit status: the check could not run (configuration, store or master key). */
    static final int COULD_NOT_RUN = 2;

    private AuditCommand() {
    }

    /** The exit status when the embedded store's file is missing (a read must not create an empty store), or empty when it is there. */
    static Optional<Integer> missingStore(StoreOptions options) {
        Path database;
        try {
            database = options.embeddedDatabaseFile();
        } catch (ConfigException e) {
            System.err.println("bulwark: invalid configuration.");
            System.err.println(e.getMessage());
            return Optional.of(COULD_NOT_RUN);
        }
        if (database != null && !Files.exists(database)) {
            System.err.println("bulwark: no embedded store at " + database + "; point --data-dir at the node's data folder (the one "
                    + "holding store/ and master.key), or --config at its bulwark.yaml");
            return Optional.of(COULD_NOT_RUN);
        }
        return Optional.empty();
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify the audit chain with the master key's chain key (every record, or --from/--to), its end against this "
                    + "node's tail anchor, and the signed checkpoints (from the store, or --checkpoints FILE) with the audit-checkpoint "
                    + "keys. Exit status 0: intact; 1: tampered (the first bad record or checkpoint is named); 2: the check could not run.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Option(names = "--from", paramLabel = "N", description = "The first record to verify (default 1).")
        Long from;

        @Option(names = "--to", paramLabel = "M", description = "The last record to verify (default the chain's end).")
        Long to;

        @Option(names = "--checkpoints", paramLabel = "FILE",
                description = "Verify against the checkpoints exported to this JSON Lines file (audit.checkpoints.file) instead of the "
                        + "store's: the copy an intruder who owns the database cannot rewrite.")
        Path checkpointsFile;

        @Option(names = "--jwks", paramLabel = "FILE",
                description = "Trust only the audit-checkpoint keys in this JWK Set (a saved copy of https://<authorization server>"
                        + "/audit/jwks.json) instead of the store's keys that open under the master key.")
        Path jwksFile;

        @Override
        public Integer call() {
            if (from != null && from < 1 || to != null && to < 1 || from != null && to != null && from > to) {
                System.err.println("bulwark: --from and --to are record numbers from 1, with --from at most --to (for example "
                        + "--from 1 --to 100); leave both out to verify the whole chain");
                return COULD_NOT_RUN;
            }
            Optional<Integer> missing = missingStore(options);
            if (missing.isPresent()) {
                return missing.get();
            }
            Optional<List<String>> fromFile = Optional.empty();
            Optional<JWKSet> savedKeys = Optional.empty();
            if (checkpointsFile != null) {
                try {
                    fromFile = Optional.of(readCheckpointLines(checkpointsFile));
                } catch (IOException e) {
                    System.err.println("bulwark: cannot read the checkpoint file " + checkpointsFile + " (" + e.getMessage() + "); name the "
                            + "JSON Lines file that audit.checkpoints.file writes (a demo keeps it in its data folder)");
                    return COULD_NOT_RUN;
                }
            }
            if (jwksFile != null) {
                try {
                    savedKeys = Optional.of(JWKSet.load(jwksFile.toFile()));
                } catch (IOException | ParseException e) {
                    System.err.println("bulwark: cannot read --jwks " + jwksFile + " as a JWK Set (" + e.getMessage() + "); save "
                            + "https://<authorization server>/audit/jwks.json to a file and name it");
                    return COULD_NOT_RUN;
                }
            }
            Optional<List<String>> exported = fromFile;
            Optional<JWKSet> saved = savedKeys;
            return options.run(opened -> {
                AuditIntegrity audit = AuditIntegrity.of(opened.masterKey(), opened.dataDir());
                AuditChain.Head head = opened.store().auditRecords().head();
                long first = from == null ? 1 : from;
                long last = to == null ? head.seq() : to;
                if (first > head.seq() && head.seq() > 0 || to != null && to > head.seq()) {
                    System.err.printf("bulwark: the audit chain ends at record %d (its head); %s lies beyond it: verify up to --to %d, or "
                            + "leave --to out (a chain cut short is found by the whole-chain check)%n", head.seq(),
                            to != null && to > head.seq() ? "--to " + to : "--from " + first, head.seq());
                    return COULD_NOT_RUN;
                }
                boolean whole = from == null && to == null;
                AuditChainVerifier.Result result = whole ? audit.verifier().verify(opened.store().auditRecords())
                        : audit.verifier().verifyRange(opened.store().auditRecords(), first, last);
                boolean chainIntact = report(result, audit, whole, first, last);

                String source = checkpointsFile == null ? "the store" : checkpointsFile.toString();
                List<String> signed = exported.orElseGet(
                        () -> opened.store().auditCheckpoints().all().stream().map(AuditCheckpoint::jws).toList());
                // The store's keys only when their sealed halves open under the master key: a key an intruder added is not trusted.
                JWKSet trusted = saved.orElseGet(
                        () -> AuditCheckpointing.trustedKeys(opened.store().signingKeys(KeyPurpose.AUDIT_CHECKPOINTS), opened.sealer()));
                AuditCheckpointVerifier.Result checkpoints = new AuditCheckpointVerifier(trusted)
                        .verify(signed, source, opened.store().auditRecords(), first, whole ? Long.MAX_VALUE : last);
                boolean checkpointsIntact = report(checkpoints, source, signed.size());

                boolean intact = chainIntact && checkpointsIntact;
                Map<String, String> objects = new LinkedHashMap<>();
                objects.put("from", Long.toString(first));
                objects.put("to", Long.toString(last));
                objects.put("checkpoints", checkpointsFile == null ? "store" : "file");
                OperatorAudit.record(opened, "audit.verify", objects, intact ? "audit_chain_intact" : "audit_chain_tampered", true);
                return intact ? INTACT : TAMPERED;
            }, COULD_NOT_RUN);
        }

        private static boolean report(AuditChainVerifier.Result result, AuditIntegrity audit, boolean whole, long first, long last) {
            if (result.legacy() > 0) {
                System.out.printf("%d records from before the keyed chain (plain SHA-256): their content was not keyed when written,"
                        + " sealed by the keyed record after them.%n", result.legacy());
            }
            if (whole && result.anchoredAt() == 0) {
                System.out.printf("No tail anchor in %s yet: removing the newest records cannot be told from a shorter chain.%n",
                        audit.anchor().file());
            }
            if (result.intact()) {
                System.out.printf("Audit chain intact: %d records verified%s%s.%n", result.verified(),
                        whole ? "" : " (records " + first + " to " + last + ")",
                        whole && result.anchoredAt() > 0 ? ", the end matches the tail anchor (record " + result.anchoredAt() + ")" : "");
                return true;
            }
            if (result.brokenAt() > 0) {
                System.out.printf("Audit chain TAMPERED: %d records verified before record %d.%n", result.verified(), result.brokenAt());
                System.out.printf("First broken record: %d: %s.%n", result.brokenAt(), result.problem());
            } else {
                System.out.printf("Audit chain TAMPERED: %s.%n", result.problem());
            }
            return false;
        }

        private static boolean report(AuditCheckpointVerifier.Result result, String source, int count) {
            if (count == 0) {
                System.out.printf("No signed checkpoint in %s yet: a node signs one every audit.checkpoints.every-records records or "
                        + "audit.checkpoints.every.%n", source);
                return true;
            }
            if (result.intact()) {
                System.out.printf("Checkpoints intact: %d of %d in %s verified with the audit-checkpoint keys%s.%n", result.verified(),
                        count, source, result.newest() > 0 ? ", the newest vouches for record " + result.newest() : "");
                return true;
            }
            System.out.printf("Checkpoints TAMPERED: %d verified before the first bad one.%n", result.verified());
            System.out.printf("First bad checkpoint%s: %s.%n", result.brokenAt() > 0 ? " (record " + result.brokenAt() + ")" : "",
                    result.problem());
            return false;
        }
    }

    /** The JWS of each line of an exported checkpoint file; a line that is not a checkpoint is kept, and fails as not a JWS. */
    private static List<String> readCheckpointLines(Path file) throws IOException {
        List<String> jws = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                jws.add(AuditCheckpoint.jwsOfJsonLine(line));
            } catch (IOException e) {
                jws.add(line);
            }
        }
        return jws;
    }

}
