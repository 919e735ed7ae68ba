package io.bulwark.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.refresh.RefreshToken;
import io.bulwark.oauth.refresh.RefreshTokenReader;
import io.bulwark.store.RevokedTokens;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7662 token introspection, for authenticated clients only. A client learns about the tokens
 * it was issued; for anything else (another client's token, revoked, expired, not ours, or issued
 * from a user's grant since revoked) the answer is just {@code active: false}.
 */
public final class IntrospectionEndpoint {

    // Claims copied from the token into an active response (RFC 7662 §2.2), when present.
    private static final String[] MEMBERS = {"scope", "client_id", "sub", "exp", "iat", "nbf", "aud", "iss", "jti", "cnf",
            "authorization_details", "grant_id"};

    private final GuardedClientAuthentication clientAuthentication;
    private final OwnTokenReader tokens;
    private final RevokedTokens revoked;
    private final GrantStore grants;
    private final RefreshTokenReader refreshTokens;

    /**
     * @param grants        the users' grants, whose revocation ends every token issued from them
     * @param refreshTokens finds refresh tokens, answered for as well
     */
    public IntrospectionEndpoint(GuardedClientAuthentication clientAuthentication, OwnTokenReader tokens, RevokedTokens revoked,
                                 GrantStore grants, RefreshTokenReader refreshTokens) {
        this.clientAuthentication = clientAuthentication;
        this.tokens = tokens;
        this.revoked = revoked;
        this.grants = grants;
        this.refreshTokens = refreshTokens;
    }

    /** The introspection response members, for a request from {@code sourceIp} (counted by the brute-force guard). */
    public Map<String, Object> handle(TokenRequest request, String sourceIp) {
        // RFC 7662 §2.1: the endpoint MUST require some form of authorization; here, client authentication.
        // PCI DSS 8.3.4: behind the same brute-force guard as the token endpoint, counted per client id and address.
        RegisteredClient caller = clientAuthentication.authenticate(request, sourceIp, null);
        String token = request.parameter("token");
        if (token == null) {
            throw OAuthError.invalidRequest("token is required (RFC 7662 §2.1)");
        }
        Optional<JWTClaimsSet> claims = tokens.read(token)
                .filter(c -> caller.clientId().equals(RevocationEndpoint.clientIdOf(c)))
                .filter(c -> !revoked.isRevoked(c.getJWTID()))
                .filter(this::grantStands);
        if (claims.isEmpty()) {
            // RFC 7662 §2.2 and §4: say nothing more about a token the caller may not know about.
            return refreshTokenResponse(caller, token).orElse(Map.of("active", false));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("active", true);
        Map<String, Object> all = claims.get().toJSONObject();
        for (String member : MEMBERS) {
            if (all.containsKey(member)) {
                response.put(member, all.get(member));
            }
        }
        response.put("token_type", all.containsKey("cnf") && all.get("cnf") instanceof Map<?, ?> cnf && cnf.containsKey("jkt") ? "DPoP" : "Bearer");
        return response;
    }

    /**
     * RFC 7662 §2.2 for a live refresh token of the caller whose grant stands. {@code token_type} says
     * {@code refresh_token} (the RFC 7009 hint value), as no access token type applies to it.
     */
    private Optional<Map<String, Object>> refreshTokenResponse(RegisteredClient caller, String value) {
        Optional<RefreshToken> refresh = refreshTokens.read(value)
                .filter(t -> caller.clientId().equals(t.clientId()))
                .filter(t -> grants.find(t.grantId()).filter(grant -> !grant.revoked()).isPresent());
        return refresh.map(t -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("active", true);
            // RFC 7662 §2.2: scope is OPTIONAL; a refresh token of authorization details alone has none to name.
            if (!t.scopes().isEmpty()) {
                response.put("scope", Scopes.format(t.scopes()));
            }
            response.put("client_id", t.clientId());
            response.put("sub", t.subject());
            response.put("exp", t.expiresAt().getEpochSecond());
            response.put("iat", t.createdAt().getEpochSecond());
            response.put("cnf", t.binding().confirmation());
            response.put("grant_id", t.grantId());
            response.put("token_type", "refresh_token");
            return response;
        });
    }

    /** A token from a user's grant is active only while that grant stands (unknown grants fail closed). */
    private boolean grantStands(JWTClaimsSet claims) {
        String grantId;
        try {
            grantId = claims.getStringClaim("grant_id");
        } catch (ParseException e) {
            return false;
        }
        if (grantId == null) {
            return true;
        }
        return grants.find(grantId).filter(grant -> !grant.revoked()).isPresent();
    }
}
