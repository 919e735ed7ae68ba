package io.bulwark.config;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.bulwark.jose.AllowedAlgorithms;

/**
 * What a client's registered key must be, checked when it is registered (bulwark.yaml and {@code clients create|update}),
 * so that a key the token endpoint would refuse never gets that far: public, for signing, with an allowed algorithm and size.
 */
public final class ClientKeyPolicy {

    /** A key refused: what is wrong with it, and how to fix it. */
    public record Refusal(String problem, String fix) {
    }

    private ClientKeyPolicy() {
    }

    /** Why {@code key} cannot be registered, or null when it can. */
    public static Refusal check(JWK key) {
        // JWK.isPrivate covers oct (symmetric) keys too: a shared secret is never registered.
        if (key.isPrivate()) {
            return new Refusal("contains private key material", "publish only the public key: remove the private members (`d`, `p`,"
                    + " `q`, `dp`, `dq`, `qi`; a symmetric `oct` key is all secret) - the private key stays with the client, which"
                    + " signs its private_key_jwt assertions with it");
        }
        // FAPI 2.0 SP §5.4.1: RSA keys shall be at least 2048 bits.
        if (!AllowedAlgorithms.strongEnough(key)) {
            return new Refusal("is an RSA key of " + ((RSAKey) key).size() + " bits, under the " + AllowedAlgorithms.MIN_RSA_BITS
                    + " FAPI 2.0 requires", "register an RSA key of 2048 bits or more, or an EC P-256 or Ed25519 key");
        }
        // RFC 7517 §4.2: a key whose use is not sig may not verify client assertions.
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return new Refusal("has `use: " + key.getKeyUse().identifier() + "`, not `sig`",
                    "register the client's signing key, with `use: sig` or no `use`");
        }
        // FAPI 2.0 SP §5.4.1: PS256, ES256 or EdDSA only; a key bound to another alg could sign nothing accepted.
        if (key.getAlgorithm() != null && !AllowedAlgorithms.allows(JWSAlgorithm.parse(key.getAlgorithm().getName()))) {
            return new Refusal("has `alg: " + key.getAlgorithm().getName() + "`, which Bulwark does not accept",
                    "use one of " + String.join(", ", AllowedAlgorithms.names()) + " as `alg`, or leave `alg` out");
        }
        return null;
    }

    /** The name of the key at {@code index} in its set, for messages: its kid, or its position. */
    public static String nameOf(JWK key, int index) {
        return key.getKeyID() == null ? "key " + index : "key `" + key.getKeyID() + "`";
    }
}
