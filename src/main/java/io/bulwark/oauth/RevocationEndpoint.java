package io.bulwark.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.RevokedTokens;

import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/** RFC 7009 token revocation: a client revokes an access token it was issued; every node refuses it from then on. */
public final class RevocationEndpoint {

    private final ClientAuthenticator clientAuthentication;
    private final OwnTokenReader tokens;
    private final RevokedTokens revoked;

    public RevocationEndpoint(ClientAuthenticator clientAuthentication, OwnTokenReader tokens, RevokedTokens revoked) {
        this.clientAuthentication = clientAuthentication;
        this.tokens = tokens;
        this.revoked = revoked;
    }

    /**
     * Handles one revocation request; returns normally for 200.
     *
     * @throws OAuthError when the client fails to authenticate, the token is missing, or it belongs to another client
     */
    public void handle(TokenRequest request) {
        // RFC 7009 §2.1: the client authenticates, as at the token endpoint.
        RegisteredClient client = clientAuthentication.authenticate(request);
        String token = request.parameter("token");
        if (token == null) {
            throw OAuthError.invalidRequest("token is required (RFC 7009 §2.1)");
        }
        Optional<JWTClaimsSet> claims = tokens.read(token);
        // RFC 7009 §2.2: an invalid, expired or unknown token is answered with 200 all the same.
        if (claims.isEmpty()) {
            return;
        }
        String owner = clientIdOf(claims.get());
        // RFC 7009 §2.1: the server verifies that the token was issued to the client making the request.
        if (!client.clientId().equals(owner)) {
            throw OAuthError.unauthorizedClient("the token was not issued to this client");
        }
        revoked.revoke(claims.get().getJWTID(), owner, claims.get().getExpirationTime().toInstant());
    }

    static String clientIdOf(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("client_id");
        } catch (ParseException e) {
            return null;
        }
    }
}
