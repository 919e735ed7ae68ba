package io.bulwark.demo.traffic;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.bulwark.demo.DemoClientCredentials;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * A partner client's private keys, as its credentials file holds them: one signs its client assertions (RFC 7523
 * private_key_jwt), the other its DPoP proofs (RFC 9449), so its tokens are bound to the latter.
 */
record PartnerCredentials(String clientId, ECKey assertionKey, ECKey dpopKey) {

    private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

    PartnerCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(assertionKey, "assertionKey");
        Objects.requireNonNull(dpopKey, "dpopKey");
    }

    /** The keys in a demo credentials file ({@code demo/clients/<id>.json}). */
    static PartnerCredentials read(String clientId, Path file) {
        return new PartnerCredentials(clientId, DemoClientCredentials.privateKey(file), DemoClientCredentials.dpopKey(file));
    }

    /** A fresh client assertion for {@code issuer}, the only audience FAPI 2.0 allows (RFC 7523 §3, FAPI 2.0 SP §5.3.2.1). */
    String assertion(String issuer) {
        Instant now = Instant.now();
        try {
            return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(issuer)),
                    Date.from(now.plus(ASSERTION_LIFETIME)), null, Date.from(now), new JWTID()), JWSAlgorithm.ES256,
                    assertionKey.toECPrivateKey(), assertionKey.getKeyID(), null).getClientAssertion().serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a client assertion for " + clientId, e);
        }
    }

    /** A DPoP proof for {@code method} at {@code publicUrl}, with {@code ath} when an access token goes with it. */
    String proof(String method, String publicUrl, String accessToken) {
        try {
            return new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256).createDPoPJWT(method, URI.create(LiveEndpoints.htu(publicUrl)),
                    accessToken == null ? null : new DPoPAccessToken(accessToken), null).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a DPoP proof for " + clientId, e);
        }
    }

    @Override
    public String toString() {
        return "PartnerCredentials[" + clientId + ", keys redacted]";
    }
}
