package io.bulwark.cli;

import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.grants.Grant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulwark grants}: list the grants users have given clients, and revoke one with every token from it. */
@Command(name = "grants", mixinStandardHelpOptions = true,
        description = "List or revoke the grants users have given clients. Revoking a grant stops its access tokens at the "
                + "gateway within a second and its refresh tokens at once.",
        subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.Revoke.class})
final class GrantsCommand {

    private static final String ROW = "%-44s %-16s %-20s %-8s %-28s %s%n";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List grants, oldest first, optionally of one user or client.")
    static final class ListGrants implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Option(names = "--subject", description = "Only the grants of this user (subject).")
        String subject;

        @Option(names = "--client", description = "Only the grants to this client_id.")
        String clientId;

        @Override
        public Integer call() {
            return options.run(opened -> {
                List<Grant> grants = opened.store().grants().list(subject, clientId);
                System.out.printf(ROW, "GRANT ID", "SUBJECT", "CLIENT", "STATE", "CREATED", "SCOPES");
                for (Grant grant : grants) {
                    System.out.printf(ROW, grant.grantId(), grant.subject(), grant.clientId(), grant.revoked() ? "revoked" : "active",
                            grant.createdAt(), Scopes.format(grant.scopes()));
                }
                if (grants.isEmpty()) {
                    System.out.println("(no grants)");
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a grant: its access tokens are refused at the gateway within a second, its refresh tokens at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Parameters(index = "0", description = "The grant id (see `bulwark grants list`).")
        String grantId;

        @Override
        public Integer call() {
            return options.run(opened -> {
                var found = opened.store().grants().find(grantId);
                if (found.isEmpty()) {
                    System.err.println("bulwark: no grant " + grantId + " exists (see `bulwark grants list`)");
                    return 1;
                }
                Grant grant = found.get();
                String what = "grant " + grantId + " (user " + grant.subject() + ", client " + grant.clientId() + ", scopes "
                        + Scopes.format(grant.scopes()) + ")";
                if (!opened.store().grants().revoke(grantId, Clock.systemUTC().instant())) {
                    System.out.printf("The %s was already revoked at %s; nothing changed.%n", what,
                            opened.store().grants().find(grantId).map(Grant::revokedAt).orElse(grant.revokedAt()));
                    return 0;
                }
                OperatorAudit.record(opened, "grants.revoke", java.util.Map.of("grant_id", grantId, "client_id", grant.clientId()),
                        "revoked", true);
                System.out.printf("Revoked %s. Its access tokens are refused at the gateway within a second; its refresh tokens"
                        + " no longer work.%n", what);
                return 0;
            });
        }
    }
}
