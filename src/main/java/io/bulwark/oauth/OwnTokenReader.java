package io.bulwark.oauth;

import io.bulwark.jose.JwsSignatures;
import io.bulwark.oauth.keys.SigningKeyRing;

import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Reads an access token this authorization server issued, for revocation, introspection and grant management:
 * signed (low-S) by one of its published keys, its own issuer and audience, not expired. Anything else is "not ours".
 */
public final class OwnTokenReader {

    private final String issuer;
    private final String audience;
    private final SigningKeyRing keys;
    private final InstantSource clock;

    /** @param audience the one audience this server issues its access tokens for (the gateway's, grant management's too) */
    public OwnTokenReader(String issuer, String audience, SigningKeyRing keys, InstantSource clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.keys = keys;
        this.clock = clock;
    }

    /** The token's claims if it is a live access token of this server; empty otherwise. */
    public Optional<JWTClaimsSet> read(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!AccessTokenIssuer.AT_JWT.equals(jwt.getHeader().getType())) {
                return Optional.empty();
            }
            var candidates = new JWKSelector(JwsSignatures.candidatesFor(jwt.getHeader())).select(keys.publicJwks());
            if (!JwsSignatures.verifyIssued(jwt, candidates)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean live = claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isAfter(clock.instant());
            // RFC 9068 §4: a token for another audience is not one to act on here; this server names exactly one.
            boolean ours = issuer.equals(claims.getIssuer()) && List.of(audience).equals(claims.getAudience());
            return ours && live && claims.getJWTID() != null ? Optional.of(claims) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
