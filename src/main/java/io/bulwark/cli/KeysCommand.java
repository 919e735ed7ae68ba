package io.bulwark.cli;

import io.bulwark.gateway.token.IdentityAssertionSigner;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.runtime.AuditCheckpointing;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.StoredSigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;

/** {@code bulwark keys}: the signing keys of the authorization server's tokens and of the gateway's identity assertions. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List or rotate signing keys: the authorization server's (access tokens) or the gateway's (identity assertions).",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
final class KeysCommand {

    /** Which keys a command acts on. */
    static final class Purpose {
        @Option(names = "--purpose", defaultValue = "access-token", paramLabel = "PURPOSE",
                description = "access-token (the authorization server's tokens, default), gateway-identity "
                        + "(the gateway's X-Bulwark-Identity assertions) or audit-checkpoint (the audit trail's signed checkpoints).")
        String name;

        KeyPurpose purpose() {
            for (KeyPurpose purpose : KeyPurpose.values()) {
                if (purpose.column().equals(name)) {
                    return purpose;
                }
            }
            throw new CommandLine.ParameterException(new CommandLine(new Purpose()),
                    "--purpose must be access-token, gateway-identity or audit-checkpoint, not `" + name + "`");
        }

        /** How long this purpose's tokens live, which is how long a retired key stays published. */
        Duration lifetime(StoreOptions.Opened opened) {
            return switch (purpose()) {
                case GATEWAY_IDENTITY -> IdentityAssertionSigner.LIFETIME;
                // A checkpoint is evidence for as long as the trail is kept: its key stays published as long.
                case AUDIT_CHECKPOINTS -> AuditCheckpointing.PUBLISHED_FOR;
                case ACCESS_TOKENS -> opened.tokenLifetime();
            };
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add the next signing key: published in the JWKS at once, signing after the publication lead "
                    + "(authorization-server.signing-key-publication-lead); the current key stays published until its tokens expire.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Mixin
        Purpose purpose;

        @Override
        public Integer call() {
            KeyPurpose which = purpose.purpose();
            return options.run(opened -> {
                SigningKeyRing ring = new SigningKeyRing(opened.store().signingKeys(which), opened.sealer(), Clock.systemUTC(),
                        purpose.lifetime(opened), opened.publicationLead());
                String current = ring.active().keyId();
                StoredSigningKey next = ring.rotate();
                OperatorAudit.record(opened, "keys.rotate", java.util.Map.of("purpose", which.column(), "key_id", next.keyId()), "rotated",
                        true);
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

        @Mixin
        Purpose purpose;

        @Override
        public Integer call() {
            KeyPurpose which = purpose.purpose();
            return options.run(opened -> {
                var keys = opened.store().signingKeys(which).list().stream()
                        .sorted(Comparator.comparing(StoredSigningKey::activatedAt)).toList();
                System.out.printf("%-45s %-6s %-30s%n", "KEY ID", "ALG", "SIGNS FROM");
                keys.forEach(k -> System.out.printf("%-45s %-6s %-30s%n", k.keyId(), k.algorithm(), k.activatedAt()));
                return 0;
            });
        }
    }
}
