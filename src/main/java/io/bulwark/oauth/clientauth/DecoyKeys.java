package io.bulwark.oauth.clientauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
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
    /** Kept as JSON and parsed on each use, as a registered client's JWK Set is: parsing is part of the time to hide. */
    private static final String EC_JSON = new JWKSet(EC).toString();
    private static final String RSA_JSON = new JWKSet(RSA).toString();
    private static final String OKP_JSON = new JWKSet(OKP).toString();

    private DecoyKeys() {
    }

    /** A decoy of the key type {@code header}'s algorithm needs, parsed and selected as a client's keys are. */
    static List<JWK> forHeader(JWSHeader header) {
        KeyType type = KeyType.forAlgorithm(header.getAlgorithm());
        String json = KeyType.RSA.equals(type) ? RSA_JSON : KeyType.OKP.equals(type) ? OKP_JSON : EC_JSON;
        try {
            // The selector ignores the kid, so that the decoy always applies.
            return new JWKSelector(new JWKMatcher.Builder().keyType(type).build()).select(JWKSet.parse(json));
        } catch (ParseException e) {
            throw new IllegalStateException("the decoy JWK Set is not valid", e);
        }
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
