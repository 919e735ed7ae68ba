package io.bulwark.oauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.TokenBinding;

import java.util.Map;

/**
 * One grant type at the token endpoint (RFC 6749 §4): what it issues to a client that has authenticated and
 * whose token binding is known. The endpoint serves exactly the handlers it is given.
 */
public interface GrantHandler {

    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /**
     * Issues tokens to {@code client} for the request's form {@code params}, bound to {@code binding} (null: unbound).
     *
     * @throws OAuthError with the RFC 6749 §5.2 code to answer with
     */
    IssuedTokens grant(RegisteredClient client, Map<String, String> params, TokenBinding binding);
}
