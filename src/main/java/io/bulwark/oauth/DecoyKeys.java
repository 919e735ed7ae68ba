package io.bulwark.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;

/**
 * Public keys that verify nothing, one per key type Bulwark accepts. When a client is unknown, disabled or has no key
 * for an assertion, its signature is checked against one of these anyway and fails, so that the answer takes as long
 * as for a registered client with a wrong key: timing does not tell which client ids exist.
 */
final class DecoyKeys {

    private static final JWK EC = generate(() -> new ECKeyGenerator(Curve.P_256).generate());
    private static final JWK RSA = generate(() -> new RSAKeyGenerator(2048).generate());
    private static final JWK OKP = generate(() -> new OctetKeyPairGenerator(Curve.Ed25519).generate());

    private DecoyKeys() {
    }

    /** A decoy of the key type {@code header}'s algorithm needs. */
    static List<JWK> forHeader(JWSHeader header) {
        KeyType type = KeyType.forAlgorithm(header.getAlgorithm());
        if (KeyType.RSA.equals(type)) {
            return List.of(RSA);
        }
        if (KeyType.OKP.equals(type)) {
            return List.of(OKP);
        }
        return List.of(EC);
    }

    private interface Generator {
        JWK generate() throws JOSEException;
    }

    private static JWK generate(Generator generator) {
        try {
            return generator.generate().toPublicJWK();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a decoy key", e);
        }
    }
}
