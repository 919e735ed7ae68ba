package io.bulwark.oauth;

import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Reads an access token this authorization server issued, for revocation and introspection:
 * signed by one of its published keys, its own issuer, not expired. Anything else is "not ours".
 */
public final class OwnTokenReader {

    private final String issuer;
    private final SigningKeyRing keys;
    private final InstantSource clock;

    public OwnTokenReader(String issuer, SigningKeyRing keys, InstantSource clock) {
        this.issuer = issuer;
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
            if (!JwsSignatures.verify(jwt, candidates)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean live = claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isAfter(clock.instant());
            return issuer.equals(claims.getIssuer()) && live && claims.getJWTID() != null ? Optional.of(claims) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
