package io.bulwark.cli;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.ClientKeyPolicy;
import io.bulwark.config.ClientReader;
import io.bulwark.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code bulwark clients}: register, list, disable and enable OAuth clients in a deployment's store. */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Register, update, list, disable, enable or unlock OAuth clients. A disabled client cannot get tokens, "
                + "and the gateway refuses the tokens it already holds within a second.",
        subcommands = {ClientsCommand.Create.class, ClientsCommand.Update.class, ClientsCommand.ListClients.class, ClientsCommand.Disable.class,
                ClientsCommand.Enable.class, UnlockCommand.Client.class})
final class ClientsCommand {

    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9:_-]*");
    static final String EMPTY_JWKS = "{\"keys\":[]}";

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register a client: how it authenticates (private_key_jwt or mTLS; never a secret), its keys, "
                    + "scopes, redirect URIs, RAR types and token settings.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, description = "The client_id.")
        String clientId;

        @Option(names = "--scopes", required = true, split = ",", description = "Allowed scopes, comma-separated.")
        Set<String> scopes;

        @Mixin
        ClientOptions registration;

        @Override
        public Integer call() {
            String problem = ClientReader.clientIdProblem(clientId);
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), "--id: " + problem + "; " + ClientReader.CLIENT_ID_FIX);
            }
            RegisteredClient client = registration.applyTo(spec, new RegisteredClient(clientId, clientId, RegisteredClient.PRIVATE_KEY_JWT,
                    EMPTY_JWKS, null, scopes(spec, scopes), false, Instant.now(), SenderConstraint.DPOP_OR_MTLS, null, List.of(),
                    Set.of(), TokenSettings.DEFAULTS, RegisteredClient.defaultGrantTypes(List.of())), true);
            return options.run(opened -> {
                if (opened.store().clients().find(clientId).isPresent()) {
                    System.err.println("bulwark: client " + clientId + " already exists; choose another --id, or change it with"
                            + " `bulwark clients update " + clientId + "`");
                    return 1;
                }
                opened.store().clients().save(client);
                OperatorAudit.record(opened, "clients.create", java.util.Map.of("client_id", clientId), "created", true);
                System.out.printf("Registered client %s (%s) with scopes %s and grant types %s%s.%n", clientId, client.authMethod(),
                        String.join(" ", new TreeSet<>(client.scopes())), String.join(" ", new TreeSet<>(client.grantTypes())),
                        client.refreshTokenRotation() ? "; its refresh tokens rotate" : "");
                return 0;
            });
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a registered client: only the options given change, everything else is kept.")
    static final class Update implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The client_id.")
        String clientId;

        @Option(names = "--scopes", split = ",", description = "Allowed scopes, comma-separated (replaces the list). Refresh tokens "
                + "already issued lose a scope removed here at their next use.")
        Set<String> scopes;

        @Mixin
        ClientOptions registration;

        @Override
        public Integer call() {
            Set<String> newScopes = scopes == null ? null : scopes(spec, scopes);
            return options.run(opened -> {
                var existing = opened.store().clients().find(clientId);
                if (existing.isEmpty()) {
                    System.err.println("bulwark: no client " + clientId + " is registered (see `bulwark clients list`)");
                    return 1;
                }
                RegisteredClient base = newScopes == null ? existing.get() : existing.get().withScopes(newScopes);
                RegisteredClient updated = registration.applyTo(spec, base, false);
                opened.store().clients().save(updated);
                // PCI DSS v4.0 10.2.1.5: a client's keys, authentication method or certificate are its credentials.
                OperatorAudit.record(opened, "clients.update", java.util.Map.of("client_id", clientId), "updated", true);
                System.out.printf("Updated client %s.%n", clientId);
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() {
            return options.run(opened -> {
                String format = "%-24s %-9s %-27s %-12s %-8s %-8s %-40s %s%n";
                System.out.printf(format, "CLIENT ID", "STATE", "AUTH METHOD", "BOUND BY", "AT LIFE", "ROTATE", "KEYS", "SCOPES");
                for (RegisteredClient client : opened.store().clients().list()) {
                    Duration lifetime = client.tokenSettings().accessTokenLifetime();
                    System.out.printf(format, client.clientId(), client.disabled() ? "disabled" : "enabled", client.authMethod(),
                            client.senderConstraint().configName(), lifetime == null ? "default" : Durations.show(lifetime),
                            client.refreshTokenRotation() ? "yes" : "no", keys(client), String.join(" ", new TreeSet<>(client.scopes())));
                    if (client.tlsClientAuthSubjectDn() != null) {
                        System.out.printf("    subject DN: %s%n", client.tlsClientAuthSubjectDn());
                    }
                    System.out.printf("    grant types: %s%n", String.join(" ", new TreeSet<>(client.grantTypes())));
                    for (String uri : client.redirectUris()) {
                        System.out.printf("    redirect URI: %s%n", uri);
                    }
                    if (!client.authorizationDetailsTypes().isEmpty()) {
                        System.out.printf("    authorization details types: %s%n",
                                String.join(" ", new TreeSet<>(client.authorizationDetailsTypes())));
                    }
                }
                return 0;
            });
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a client: it can no longer authenticate, and its tokens stop working at the gateway.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Parameters(index = "0", description = "The client_id.")
        String clientId;

        @Override
        public Integer call() {
            return options.run(opened -> setDisabled(opened, clientId, true));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled client again.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Parameters(index = "0", description = "The client_id.")
        String clientId;

        @Override
        public Integer call() {
            return options.run(opened -> setDisabled(opened, clientId, false));
        }
    }

    private static int setDisabled(StoreOptions.Opened opened, String clientId, boolean disabled) {
        var client = opened.store().clients().find(clientId);
        if (client.isEmpty()) {
            System.err.println("bulwark: no client " + clientId + " is registered (see `bulwark clients list`)");
            return 1;
        }
        RegisteredClient c = client.get();
        // Everything but the flag is kept: sender constraint, certificate subject, redirect URIs.
        opened.store().clients().save(c.withDisabled(disabled));
        OperatorAudit.record(opened, disabled ? "clients.disable" : "clients.enable", java.util.Map.of("client_id", clientId),
                disabled ? "disabled" : "enabled", true);
        System.out.printf("Client %s is now %s.%n", clientId, disabled ? "disabled" : "enabled");
        return 0;
    }

    /** What the client's keys are: its jwks_uri, or how many keys it registered inline. */
    private static String keys(RegisteredClient client) {
        if (client.jwksUri() != null) {
            return client.jwksUri().toString();
        }
        try {
            return JWKSet.parse(client.jwksJson()).getKeys().size() + " inline";
        } catch (ParseException e) {
            return "unreadable";
        }
    }

    private static Set<String> scopes(CommandSpec spec, Set<String> scopes) {
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new ParameterException(spec.commandLine(), "--scopes: `" + scope
                        + "` is not a scope token: use lower-case letters, digits, ':', '_' and '-'");
            }
        }
        return scopes;
    }

    static String readPublicJwks(Path file) {
        try {
            JWKSet set = JWKSet.parse(Files.readString(file));
            if (set.getKeys().isEmpty()) {
                throw new IllegalArgumentException(file + ": the JWK Set holds no key");
            }
            // The configuration's own rules, so that the CLI registers no key bulwark.yaml would refuse.
            for (int i = 0; i < set.getKeys().size(); i++) {
                ClientKeyPolicy.Refusal refusal = ClientKeyPolicy.check(set.getKeys().get(i));
                if (refusal != null) {
                    throw new IllegalArgumentException(file + ": " + ClientKeyPolicy.nameOf(set.getKeys().get(i), i) + " "
                            + refusal.problem() + "; " + refusal.fix());
                }
            }
            return set.toString();
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException(file + " is not a readable JWK Set: " + e.getMessage(), e);
        }
    }
}
