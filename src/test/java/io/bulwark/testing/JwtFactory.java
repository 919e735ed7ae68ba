package io.bulwark.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.jose.CanonicalJws;

/** Keys and signed JWTs for tests: real keys, real signatures, any header or claims a test needs. */
public final class JwtFactory {

    private JwtFactory() {
    }

    public static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey rsaKey(String kid, int bits) {
        try {
            return new RSAKeyGenerator(bits, true).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OctetKeyPair edKey(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code claims} with {@code key} using {@code alg}, {@code typ} (null for none) and the key's kid. */
    public static String sign(JWK key, JWSAlgorithm alg, JOSEObjectType typ, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(alg).type(typ).keyID(key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A signer for {@code key}: ES256 for EC, PS256 for RSA, EdDSA for Ed25519. */
    public static JWSSigner signer(JWK key) throws JOSEException {
        return switch (key) {
            // Low-S, as Bulwark's own signatures are, so that a forged access token differs from an issued one only where a test says.
            case ECKey ec -> CanonicalJws.lowSSigner(ec);
            case RSAKey rsa -> new RSASSASigner(rsa.toPrivateKey(), true);
            case OctetKeyPair okp -> new Ed25519Signer(okp);
            default -> throw new IllegalArgumentException("no signer for " + key.getKeyType());
        };
    }
}
