package io.bulwark.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.jose.CanonicalJws;
import io.bulwark.oauth.dpop.AccessTokenHash;
import io.bulwark.oauth.dpop.DpopProofVerifier;

import java.util.Date;
import java.util.UUID;

/**
 * DPoP proofs for load generation, signed through the native provider with one header and signer for all: tens of
 * thousands are made before each round, and with the JDK's signer on a busy machine the first were stale before the last.
 */
final class FastDpopProofs {

    private final JWSHeader header;
    private final JWSSigner signer;
    private final String accessTokenHash;

    FastDpopProofs(ECKey key, String accessToken) {
        this.header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(DpopProofVerifier.DPOP_JWT).jwk(key.toPublicJWK()).build();
        try {
            this.signer = CanonicalJws.lowSSigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.accessTokenHash = AccessTokenHash.of(accessToken);
    }

    /** A proof for {@code method} {@code url}, issued now, with a fresh jti. */
    String proof(String method, String url) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method).claim("htu", url)
                .issueTime(new Date()).claim("ath", accessTokenHash).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
