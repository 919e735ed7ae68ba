package io.bulwark.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** private_key_jwt client authentications (RFC 7523 §2.2) made by the Nimbus OAuth 2.0 SDK, as a FAPI 2.0 client sends them. */
public final class ClientAssertions {

    /** The {@code client_assertion_type} of a JWT client assertion (RFC 7523 §2.2). */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientAssertions() {
    }

    /** An ES256 assertion by {@code clientId} signed with {@code key}, aud = {@code issuer} (FAPI 2.0), issued at {@code now}. */
    public static PrivateKeyJWT privateKeyJwt(String clientId, ECKey key, String issuer, Instant now, Duration lifetime) {
        try {
            return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(issuer)),
                    Date.from(now.plus(lifetime)), null, Date.from(now), new JWTID()), JWSAlgorithm.ES256, key.toECPrivateKey(),
                    key.getKeyID(), null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
