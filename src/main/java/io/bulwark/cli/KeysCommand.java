package io.bulwark.cli;

import io.bulwark.oauth.SigningKeyRing;
import io.bulwark.store.StoredSigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;

/** {@code bulwark keys}: the authorization server's signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "List or rotate the authorization server's signing keys.",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
final class KeysCommand {

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add the next signing key: published in the JWKS at once, signing after the publication lead "
                    + "(authorization-server.signing-key-publication-lead); the current key stays published until its tokens expire.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() {
            return options.run(opened -> {
                SigningKeyRing ring = new SigningKeyRing(opened.store().signingKeys(), opened.sealer(), Clock.systemUTC(),
                        opened.tokenLifetime(), opened.publicationLead());
                String current = ring.active().keyId();
                StoredSigningKey next = ring.rotate();
                System.out.printf("New signing key %s (ES256) is published now and signs from %s.%n", next.keyId(), next.activatedAt());
                System.out.printf("Key %s signs until then and stays published until its last token has expired.%n", current);
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the signing keys and when each signs.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() {
            return options.run(opened -> {
                var keys = opened.store().signingKeys().list().stream()
                        .sorted(Comparator.comparing(StoredSigningKey::activatedAt)).toList();
                System.out.printf("%-45s %-6s %-30s%n", "KEY ID", "ALG", "SIGNS FROM");
                keys.forEach(k -> System.out.printf("%-45s %-6s %-30s%n", k.keyId(), k.algorithm(), k.activatedAt()));
                return 0;
            });
        }
    }
}
