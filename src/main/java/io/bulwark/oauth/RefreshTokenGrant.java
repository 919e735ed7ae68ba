package io.bulwark.oauth;

import io.bulwark.digest.ConstantTime;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import io.bulwark.oauth.refresh.RefreshToken;
import io.bulwark.oauth.refresh.RefreshTokenIssuer;
import io.bulwark.oauth.refresh.RefreshTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RFC 6749 §6 refresh token grant: a refresh token gives a new access token to the client it was
 * issued to, presenting the same DPoP key or certificate as at the code exchange, while its grant stands,
 * for the same scopes or fewer. Not rotated unless the client's registration asks for it (FAPI 2.0 SP
 * §5.3.2.1); with rotation, a spent token presented again revokes the grant.
 */
public final class RefreshTokenGrant implements GrantHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenGrant.class);

    private final RefreshTokenStore refreshTokens;
    private final RefreshTokenIssuer rotation;
    private final GrantStore grants;
    private final AccessTokenIssuer issuer;
    private final String audience;
    private final InstantSource clock;

    public RefreshTokenGrant(RefreshTokenStore refreshTokens, RefreshTokenIssuer rotation, GrantStore grants, AccessTokenIssuer issuer,
                             String audience, InstantSource clock) {
        this.refreshTokens = refreshTokens;
        this.rotation = rotation;
        this.grants = grants;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return RegisteredClient.REFRESH_TOKEN;
    }

    /**
     * Gives a new access token bound to {@code binding} for the refresh token in {@code params}.
     *
     * @throws OAuthError {@code invalid_grant}, {@code invalid_scope} or {@code invalid_request} when it gives none
     */
    @Override
    public IssuedTokens grant(RegisteredClient client, Map<String, String> params, TokenBinding binding) {
        String value = params.get("refresh_token");
        if (value == null) {
            throw OAuthError.invalidRequest("refresh_token is required (RFC 6749 §6)");
        }
        Instant now = clock.instant();
        RefreshToken token = refreshTokens.find(SecretTokens.hash(value))
                .orElseThrow(() -> OAuthError.invalidGrant("the refresh token is unknown, expired or revoked"));
        // RFC 6749 §6: the server MUST validate that the refresh token was issued to the authenticated client.
        // Checked first, and without side effects: another client learns nothing and can revoke nothing.
        if (!token.clientId().equals(client.clientId())) {
            throw OAuthError.invalidGrant("the refresh token is unknown, expired or revoked");
        }
        if (token.expiredAt(now)) {
            throw OAuthError.invalidGrant("the refresh token is unknown, expired or revoked");
        }
        // RFC 9449 §5 and RFC 8705 §3: the refresh token is used with the key or certificate it is bound to, so that
        // the new access token is bound to the same one. RFC 9449 asks this of public clients only; every Bulwark
        // client is confidential, but a stolen refresh token must still be useless without the key.
        if (!sameBinding(token.binding(), binding)) {
            throw OAuthError.invalidGrant(token.binding() instanceof TokenBinding.Dpop
                    ? "the refresh token is bound to a DPoP key: send a DPoP proof signed with that key (RFC 9449 §5)"
                    : "the refresh token is bound to a TLS client certificate: connect with that certificate (RFC 8705 §3)");
        }
        Optional<Grant> grant = grants.find(token.grantId()).filter(g -> !g.revoked());
        if (grant.isEmpty()) {
            throw OAuthError.invalidGrant("the grant this refresh token came from has been revoked");
        }
        if (token.spent()) {
            throw reused(token, client, now);
        }
        Set<String> scopes = narrowed(stillRegistered(token.scopes(), client), params.get("scope"));
        String next = null;
        if (client.refreshTokenRotation()) {
            // RFC 9700 §4.14.2: with rotation, the old token is spent by this use; of two racing uses, one loses here.
            if (!refreshTokens.spend(token.tokenHash(), now)) {
                throw reused(token, client, now);
            }
            next = rotation.successorOf(token);
        }
        // RFC 9396 §7: the details of the grant are carried over; RFC 9068 §2.2: sub is the user.
        IssuedAccessToken accessToken = issuer.issue(client, token.subject(), scopes, audience,
                AuthorizationDetailsJson.toClaim(grant.get().details()), token.grantId(), binding);
        return new IssuedTokens(accessToken, next);
    }

    /**
     * The granted scopes the client is still registered for. An operator who removes a scope from a client
     * ends it for the client's standing grants too (least privilege; RFC 6749 §6 lets the server narrow the
     * scope it issues): the refresh token keeps its grant, the new access token does not get the scope.
     */
    private static Set<String> stillRegistered(Set<String> granted, RegisteredClient client) {
        Set<String> scopes = new LinkedHashSet<>(granted);
        scopes.retainAll(client.scopes());
        if (scopes.isEmpty()) {
            // RFC 6749 §5.2: nothing left this client may have; an access token with no scope would be useless.
            throw OAuthError.invalidScope("the client is no longer registered for any scope of this grant");
        }
        return Set.copyOf(scopes);
    }

    /** RFC 6749 §6: the scope requested must not include any scope not originally granted; omitted means the same. */
    private static Set<String> narrowed(Set<String> granted, String requested) {
        if (requested == null) {
            return granted;
        }
        Set<String> scopes = Scopes.parse(requested);
        if (scopes.isEmpty() || !granted.containsAll(scopes)) {
            throw OAuthError.invalidScope("a refresh may narrow the scope, never widen it: ask for some of " + Scopes.format(granted));
        }
        return scopes;
    }

    // RFC 9700 §4.14.2: a spent refresh token presented again means it leaked; revoke the grant, so that every
    // access token and refresh token from it stops working (the gateway within a second, TokenStatusStep).
    private OAuthError reused(RefreshToken token, RegisteredClient client, Instant now) {
        grants.revoke(token.grantId(), now);
        LOG.warn("spent refresh token presented again by client {}: grant {} revoked", client.clientId(), token.grantId());
        return OAuthError.invalidGrant("the refresh token was already used; the grant it came from is revoked");
    }

    private static boolean sameBinding(TokenBinding bound, TokenBinding presented) {
        return switch (bound) {
            case TokenBinding.Dpop dpop -> presented instanceof TokenBinding.Dpop p && ConstantTime.equal(dpop.jkt(), p.jkt());
            case TokenBinding.ClientCertificate cert ->
                    presented instanceof TokenBinding.ClientCertificate p && ConstantTime.equal(cert.x5tS256(), p.x5tS256());
        };
    }
}
