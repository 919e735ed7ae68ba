package io.bulwark.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.Set;

/**
 * The only JWS algorithms Bulwark signs or accepts, anywhere (FAPI 2.0 Security Profile §5.4.1:
 * PS256, ES256 or EdDSA with Ed25519), and the minimum strength of the keys behind them.
 */
public final class AllowedAlgorithms {

    /** PS256, ES256, EdDSA: never {@code none}, never HMAC, never RSA PKCS#1 v1.5. */
    public static final Set<JWSAlgorithm> JWS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    /** FAPI 2.0 SP §5.4.1: RSA keys shall have a minimum length of 2048 bits. */
    public static final int MIN_RSA_BITS = 2048;

    private AllowedAlgorithms() {
    }

    public static boolean allows(JWSAlgorithm algorithm) {
        return algorithm != null && JWS.contains(algorithm);
    }

    /** False for an RSA key shorter than {@link #MIN_RSA_BITS}; true for every other key. */
    public static boolean strongEnough(JWK key) {
        return !(key instanceof RSAKey rsa) || rsa.size() >= MIN_RSA_BITS;
    }

    /** The names as published in metadata, in a stable order. */
    public static java.util.List<String> names() {
        return java.util.List.of("PS256", "ES256", "EdDSA");
    }
}
