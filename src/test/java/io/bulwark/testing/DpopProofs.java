package io.bulwark.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;

import java.net.URI;
import java.time.Instant;
import java.util.Date;

/**
 * DPoP proofs for tests: well-formed ones made by the Nimbus OAuth 2.0 SDK's own factory (a client
 * implementation Bulwark did not write), and hand-made ones with whatever header a test needs.
 */
public final class DpopProofs {

    private DpopProofs() {
    }

    /** A proof for {@code method} and {@code url}, issued now, without ath or nonce. */
    public static String proof(JWK key, String method, String url) {
        return proof(key, method, url, null, null, Instant.now());
    }

    /** A proof for a request to a resource with {@code accessToken} (ath), issued now. */
    public static String proof(JWK key, String method, String url, String accessToken) {
        return proof(key, method, url, accessToken, null, Instant.now());
    }

    /** A proof made by Nimbus's {@link DefaultDPoPProofFactory}; {@code accessToken} and {@code nonce} may be null. */
    public static String proof(JWK key, String method, String url, String accessToken, String nonce, Instant issuedAt) {
        try {
            DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(key, algorithmFor(key));
            return factory.createDPoPJWT(new JWTID(), method, URI.create(url), Date.from(issuedAt),
                    accessToken == null ? null : new DPoPAccessToken(accessToken), nonce == null ? null : new Nonce(nonce)).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A hand-made proof: {@code claims} signed by {@code signingKey} with {@code alg}, {@code typ} and {@code headerJwk} (either may be null). */
    public static String handMade(JWK signingKey, JWSAlgorithm alg, JOSEObjectType typ, JWK headerJwk, JWTClaimsSet claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg).type(typ);
        if (headerJwk != null) {
            header.jwk(headerJwk);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(JwtFactory.signer(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The claims of a valid proof for {@code method} and {@code url}, issued now, with a fresh jti. */
    public static JWTClaimsSet.Builder claims(String method, String url) {
        return new JWTClaimsSet.Builder().jwtID(new JWTID().getValue()).claim("htm", method).claim("htu", url)
                .issueTime(Date.from(Instant.now()));
    }

    /** The key's RFC 7638 SHA-256 thumbprint, as a DPoP-bound token's {@code cnf.jkt} carries it (RFC 9449 §6.1). */
    public static String jkt(JWK key) {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSAlgorithm algorithmFor(JWK key) {
        return switch (key) {
            case ECKey ec -> JWSAlgorithm.ES256;
            case RSAKey rsa -> JWSAlgorithm.PS256;
            case OctetKeyPair okp -> JWSAlgorithm.EdDSA;
            default -> throw new IllegalArgumentException("no DPoP algorithm for " + key.getKeyType());
        };
    }
}
