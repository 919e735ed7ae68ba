package io.bulwark.oauth;

import io.bulwark.digest.ConstantTime;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.authorize.AuthorizationCodeStore;
import io.bulwark.oauth.authorize.IssuedCode;
import io.bulwark.oauth.authorize.Redemption;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.pkce.Pkce;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import io.bulwark.oauth.refresh.RefreshTokenIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * The RFC 6749 §4.1.3 authorization code grant: a code is spent on first presentation, and gives a
 * token only to the client it was issued to, at the redirect URI it was sent to, with the PKCE
 * verifier of its challenge, within 60 seconds, for a grant still standing, and (when it was bound to
 * a DPoP key at PAR) with a proof of that key. The token is sender-constrained like any other, and
 * comes with a refresh token bound the same way.
 */
public final class AuthorizationCodeGrant implements GrantHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeGrant.class);

    private final AuthorizationCodeStore codes;
    private final GrantStore grants;
    private final AccessTokenIssuer issuer;
    private final String audience;
    private final InstantSource clock;
    private final RefreshTokenIssuer refreshTokens;

    /** @param refreshTokens issues the refresh token of each exchange whose client may use one */
    public AuthorizationCodeGrant(AuthorizationCodeStore codes, GrantStore grants, AccessTokenIssuer issuer, String audience,
                                  InstantSource clock, RefreshTokenIssuer refreshTokens) {
        this.codes = codes;
        this.grants = grants;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.refreshTokens = refreshTokens;
    }

    @Override
    public String grantType() {
        return RegisteredClient.AUTHORIZATION_CODE;
    }

    /**
     * Redeems the code in {@code params} for a token bound to {@code binding} (RFC 9449 §6.1, RFC 8705 §3.1).
     *
     * @throws OAuthError {@code invalid_grant} (or {@code invalid_request}) when the code gives no token
     */
    @Override
    public IssuedTokens grant(RegisteredClient client, Map<String, String> params, TokenBinding binding) {
        String code = params.get("code");
        if (code == null) {
            throw OAuthError.invalidRequest("code is required");
        }
        Instant now = clock.instant();
        // Spent before anything else is checked: a code that fails a check below is not tried again.
        IssuedCode issued = switch (codes.redeem(SecretTokens.hash(code), now)) {
            case Redemption.First first -> first.code();
            case Redemption.Reused reused -> {
                // RFC 6749 §4.1.2 and RFC 9700 §4.5: a code used twice means it leaked; deny, and revoke the
                // grant, so that every token issued from it stops working.
                grants.revoke(reused.code().grantId(), now);
                LOG.warn("authorization code presented again by client {}: grant revoked", client.clientId());
                throw OAuthError.invalidGrant("the authorization code was already used; the grant it came from is revoked");
            }
            case Redemption.Unknown unknown -> throw OAuthError.invalidGrant("the authorization code is unknown or expired");
        };
        // FAPI 2.0 SP §5.3.2.2: a code lives at most 60 seconds.
        if (!now.isBefore(issued.expiresAt())) {
            throw OAuthError.invalidGrant("the authorization code is unknown or expired");
        }
        // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
        if (!issued.clientId().equals(client.clientId())) {
            throw OAuthError.invalidGrant("the authorization code was not issued to this client");
        }
        // RFC 6749 §4.1.3: redirect_uri must be sent and identical to the authorization request's.
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null) {
            throw OAuthError.invalidRequest("redirect_uri is required and must be the one of the authorization request");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("redirect_uri does not match the authorization request's");
        }
        // RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal the code_challenge; otherwise invalid_grant.
        if (!Pkce.verifies(params.get("code_verifier"), issued.codeChallenge())) {
            throw OAuthError.invalidGrant("code_verifier is missing or does not match the code_challenge (PKCE S256)");
        }
        // RFC 9449 §10: a code bound to a DPoP key at PAR (dpop_jkt) is redeemed only with a proof signed by that key.
        if (issued.dpopJkt() != null && !(binding instanceof TokenBinding.Dpop dpop && ConstantTime.equal(issued.dpopJkt(), dpop.jkt()))) {
            throw OAuthError.invalidGrant("the authorization code is bound to a DPoP key (dpop_jkt): send a DPoP proof signed with that key");
        }
        Optional<Grant> grant = grants.find(issued.grantId()).filter(g -> !g.revoked());
        if (grant.isEmpty()) {
            throw OAuthError.invalidGrant("the grant this code came from has been revoked");
        }
        // RFC 9068 §2.2: sub is the user; RFC 9396 §7 and §9.1: the granted (possibly narrowed) details.
        IssuedAccessToken accessToken = issuer.issue(client, issued.subject(), issued.scopes(), audience,
                AuthorizationDetailsJson.toClaim(issued.details()), issued.grantId(), binding);
        // RFC 7591 §2: a client registered without refresh_token in its grant_types is given none it could not use.
        if (!client.mayUse(RegisteredClient.REFRESH_TOKEN)) {
            return IssuedTokens.accessOnly(accessToken);
        }
        // RFC 6749 §5.1: the refresh token goes with the access token; bound to the grant, this client and the same
        // sender constraint, so only this client with this key or certificate can ever use it (RFC 9449 §5, RFC 8705 §3).
        return new IssuedTokens(accessToken, refreshTokens.issue(issued.grantId(), client.clientId(), issued.subject(),
                issued.scopes(), binding));
    }
}
