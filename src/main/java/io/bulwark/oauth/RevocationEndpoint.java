package io.bulwark.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.refresh.RefreshToken;
import io.bulwark.oauth.refresh.RefreshTokenReader;
import io.bulwark.store.RevokedTokens;

import java.text.ParseException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * RFC 7009 token revocation: a client revokes an access token it was issued, and every node refuses it
 * from then on; or a refresh token, which revokes the whole grant behind it.
 */
public final class RevocationEndpoint {

    private final GuardedClientAuthentication clientAuthentication;
    private final OwnTokenReader tokens;
    private final RevokedTokens revoked;
    private final RefreshTokenReader refreshTokens;
    private final GrantStore grants;
    private final InstantSource clock;

    /** @param refreshTokens finds refresh tokens, whose revocation revokes {@code grants}' grant */
    public RevocationEndpoint(GuardedClientAuthentication clientAuthentication, OwnTokenReader tokens, RevokedTokens revoked,
                              RefreshTokenReader refreshTokens, GrantStore grants, InstantSource clock) {
        this.clientAuthentication = clientAuthentication;
        this.tokens = tokens;
        this.revoked = revoked;
        this.refreshTokens = refreshTokens;
        this.grants = grants;
        this.clock = clock;
    }

    /**
     * Handles one revocation request from {@code sourceIp} (counted by the brute-force guard); returns normally for 200.
     *
     * @throws OAuthError when the client fails to authenticate (429 while it must wait), the token is missing, or it belongs to another client
     */
    public void handle(TokenRequest request, String sourceIp) {
        // RFC 7009 §2.1: the client authenticates, as at the token endpoint.
        // PCI DSS 8.3.4: behind the same brute-force guard as the token endpoint, counted per client id and address.
        RegisteredClient client = clientAuthentication.authenticate(request, sourceIp, null);
        String token = request.parameter("token");
        if (token == null) {
            throw OAuthError.invalidRequest("token is required (RFC 7009 §2.1)");
        }
        // RFC 7009 §2.1: token_type_hint only speeds up the lookup; both kinds are tried whatever it says.
        Optional<JWTClaimsSet> claims = tokens.read(token);
        if (claims.isEmpty()) {
            revokeRefreshToken(client, token);
            // RFC 7009 §2.2: an invalid, expired or unknown token is answered with 200 all the same.
            return;
        }
        String owner = clientIdOf(claims.get());
        // RFC 7009 §2.1: the server verifies that the token was issued to the client making the request.
        if (!client.clientId().equals(owner)) {
            throw OAuthError.unauthorizedClient("the token was not issued to this client");
        }
        revoked.revoke(claims.get().getJWTID(), owner, claims.get().getExpirationTime().toInstant());
    }

    private void revokeRefreshToken(RegisteredClient client, String value) {
        Optional<RefreshToken> refresh = refreshTokens.read(value);
        if (refresh.isEmpty()) {
            return;
        }
        // RFC 7009 §2.1: the server verifies that the token was issued to the client making the request.
        if (!client.clientId().equals(refresh.get().clientId())) {
            throw OAuthError.unauthorizedClient("the token was not issued to this client");
        }
        // RFC 7009 §2.1: revoking a refresh token SHOULD invalidate every access token of the same grant; revoking
        // the grant does that, and the refresh token with it (the gateway refuses its tokens within a second).
        grants.revoke(refresh.get().grantId(), clock.instant());
    }

    static String clientIdOf(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("client_id");
        } catch (ParseException e) {
            return null;
        }
    }
}
