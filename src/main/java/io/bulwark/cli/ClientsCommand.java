package io.bulwark.cli;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.store.RegisteredClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code bulwark clients}: register, list, disable and enable OAuth clients in a deployment's store. */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Register, list, disable, enable or unlock OAuth clients. A disabled client cannot get tokens, "
                + "and the gateway refuses the tokens it already holds within a second.",
        subcommands = {ClientsCommand.Create.class, ClientsCommand.ListClients.class, ClientsCommand.Disable.class,
                ClientsCommand.Enable.class, UnlockCommand.Client.class})
final class ClientsCommand {

    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9:_-]*");

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register a private_key_jwt client with its public JWK Set and allowed scopes.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Option(names = "--id", required = true, description = "The client_id.")
        String clientId;

        @Option(names = "--name", description = "A human name (default: the client_id).")
        String name;

        @Option(names = "--jwks-file", required = true, description = "The client's public JWK Set (RFC 7517 JSON).")
        Path jwksFile;

        @Option(names = "--scopes", required = true, split = ",", description = "Allowed scopes, comma-separated.")
        Set<String> scopes;

        @Option(names = "--refresh-token-rotation", description = "Rotate its refresh tokens: each use returns a new one, and a spent "
                + "one presented again revokes the grant. Off by default (FAPI 2.0 SP §5.3.2.1).")
        boolean refreshTokenRotation;

        @Override
        public Integer call() {
            String jwks = readPublicJwks(jwksFile);
            for (String scope : scopes) {
                if (!SCOPE.matcher(scope).matches()) {
                    throw new IllegalArgumentException("scope `" + scope + "` is not a scope token: use lower-case letters, digits, ':', '_' and '-'");
                }
            }
            return options.run(opened -> {
                if (opened.store().clients().find(clientId).isPresent()) {
                    System.err.println("bulwark: client " + clientId + " already exists; choose another --id");
                    return 1;
                }
                opened.store().clients().save(new RegisteredClient(clientId, name == null ? clientId : name,
                        RegisteredClient.PRIVATE_KEY_JWT, jwks, scopes, false, Instant.now()).withRefreshTokenRotation(refreshTokenRotation));
                System.out.printf("Registered client %s (private_key_jwt) with scopes %s%s.%n", clientId, String.join(" ", new TreeSet<>(scopes)),
                        refreshTokenRotation ? "; its refresh tokens rotate" : "");
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
                System.out.printf("%-24s %-9s %-17s %s%n", "CLIENT ID", "STATE", "AUTH METHOD", "SCOPES");
                for (RegisteredClient client : opened.store().clients().list()) {
                    System.out.printf("%-24s %-9s %-17s %s%n", client.clientId(), client.disabled() ? "disabled" : "enabled",
                            client.authMethod(), String.join(" ", new TreeSet<>(client.scopes())));
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
        System.out.printf("Client %s is now %s.%n", clientId, disabled ? "disabled" : "enabled");
        return 0;
    }

    private static String readPublicJwks(Path file) {
        try {
            JWKSet set = JWKSet.parse(Files.readString(file));
            if (set.getKeys().isEmpty()) {
                throw new IllegalArgumentException(file + ": the JWK Set holds no key");
            }
            for (JWK key : set.getKeys()) {
                if (key.isPrivate()) {
                    throw new IllegalArgumentException(file + ": key " + key.getKeyID() + " contains private key material; register only the public key");
                }
            }
            return set.toString();
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException(file + " is not a readable JWK Set: " + e.getMessage(), e);
        }
    }
}
