package io.bulwark.oauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.TokenBinding;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The RFC 6749 §4.4 client credentials grant: a token for the client itself, within its registered scopes. */
public final class ClientCredentialsGrant implements GrantHandler {

    private final AccessTokenIssuer issuer;
    private final String audience;

    public ClientCredentialsGrant(AccessTokenIssuer issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public String grantType() {
        return RegisteredClient.CLIENT_CREDENTIALS;
    }

    /** RFC 6749 §4.4.3: a refresh token should not be included, so the access token comes alone. */
    @Override
    public IssuedTokens grant(RegisteredClient client, Map<String, String> params, TokenBinding binding) {
        return IssuedTokens.accessOnly(grant(client, params.get("scope"), binding));
    }

    public IssuedAccessToken grant(RegisteredClient client, String scopeParameter) {
        return grant(client, scopeParameter, null);
    }

    /** As {@link #grant(RegisteredClient, String)}, the token bound to {@code binding} (null: unbound). */
    public IssuedAccessToken grant(RegisteredClient client, String scopeParameter, TokenBinding binding) {
        Set<String> requested = Scopes.parse(scopeParameter);
        // RFC 6749 §3.3 lets the AS either apply a default or fail when scope is omitted; least
        // privilege says fail, so that a client never holds more than it asked for.
        if (requested.isEmpty()) {
            throw OAuthError.invalidScope("scope is required: ask for the scopes this request needs, from " + Scopes.format(client.scopes()));
        }
        Set<String> notAllowed = new TreeSet<>(requested);
        notAllowed.removeAll(client.scopes());
        if (!notAllowed.isEmpty()) {
            throw OAuthError.invalidScope("the client is not registered for " + String.join(" ", notAllowed));
        }
        // RFC 9068 §2.2: with no resource owner, sub identifies the client itself.
        return issuer.issue(client, client.clientId(), requested, audience, List.of(), null, binding);
    }
}
