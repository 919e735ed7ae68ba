package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.InvalidAccessTokenException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Authenticates the call: exactly one bearer token, in the Authorization header only, verified
 * as an RFC 9068 JWT access token.
 */
public final class AccessTokenStep implements Step {

    // RFC 6750 §2.3 names the parameter access_token; FAPI 2.0 SP §5.3.4 forbids accepting it.
    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)access_token=", Pattern.CASE_INSENSITIVE);
    // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final AccessTokenVerifier verifier;

    public AccessTokenStep(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        String query = exchange.request().rawQuery();
        if (query != null && TOKEN_IN_QUERY.matcher(query).find()) {
            return GatewayResponse.refuse(BearerChallenge.invalidRequest("token-in-query",
                    "access tokens are not accepted in the query string; send them in the Authorization header"), "token_in_query");
        }
        List<String> authorization = exchange.request().headers("Authorization");
        if (authorization.isEmpty()) {
            return GatewayResponse.refuse(BearerChallenge.missing(), "missing_token");
        }
        // RFC 6750 §2: a client must not use more than one method to transmit the token.
        if (authorization.size() > 1) {
            return GatewayResponse.refuse(BearerChallenge.invalidRequest("malformed-authorization",
                    "send exactly one Authorization header"), "multiple_authorization_headers");
        }
        String header = authorization.getFirst();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return GatewayResponse.refuse(BearerChallenge.missing(), "not_bearer_scheme");
        }
        String token = header.substring(7).trim();
        if (!B64TOKEN.matcher(token).matches()) {
            return GatewayResponse.refuse(BearerChallenge.invalidRequest("malformed-authorization",
                    "the Authorization header is not 'Bearer <token>' as RFC 6750 §2.1 defines it"), "malformed_bearer");
        }
        try {
            exchange.accessToken(verifier.verify(token));
        } catch (InvalidAccessTokenException e) {
            return GatewayResponse.refuse(BearerChallenge.invalidToken(e.getMessage()), "invalid_token");
        }
        return chain.proceed(exchange);
    }
}
