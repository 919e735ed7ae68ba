package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.PresentedToken;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.token.AccessTokenVerifier;
import io.bulwark.gateway.token.IntrospectionUnavailableException;
import io.bulwark.gateway.token.InvalidAccessTokenException;
import io.bulwark.gateway.token.TokenIntrospector;
import io.bulwark.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Authenticates the call: exactly one access token, in the Authorization header only (scheme
 * {@code DPoP} or {@code Bearer}), verified as an RFC 9068 JWT access token, or, when an introspection endpoint is
 * configured, an opaque one introspected (RFC 7662). Whether the caller holds
 * the key or certificate it is bound to is {@code SenderConstraintStep}'s check.
 */
public final class AccessTokenStep implements Step {

    // RFC 6750 §2.3 names the parameter access_token; FAPI 2.0 SP §5.3.4 forbids accepting it.
    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)access_token=", Pattern.CASE_INSENSITIVE);

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenStep.class);

    private final AccessTokenVerifier verifier;
    private final Optional<TokenIntrospector> introspector;

    /** @param introspector where tokens that are not a JWS are introspected; empty: they are invalid_token, as any non-JWT */
    public AccessTokenStep(AccessTokenVerifier verifier, Optional<TokenIntrospector> introspector) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.introspector = Objects.requireNonNull(introspector, "introspector");
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
        // RFC 9449 §7.1: a DPoP-bound token comes under the DPoP scheme; other tokens under Bearer (RFC 6750 §2.1).
        PresentedToken header = PresentedToken.parse(authorization.getFirst()).orElse(null);
        if (header == null) {
            return GatewayResponse.refuse(BearerChallenge.missing(), "unsupported_authorization_scheme");
        }
        if (!isB64Token(header.token())) {
            return GatewayResponse.refuse(BearerChallenge.invalidRequest("malformed-authorization",
                    "the Authorization header is not 'DPoP <token>' or 'Bearer <token>' as RFC 9449 §7.1 and RFC 6750 §2.1 define them"),
                    "malformed_authorization");
        }
        try {
            exchange.accessToken(introspector.isPresent() && !looksLikeJws(header.token())
                    ? introspector.get().introspect(header.token()) : verifier.verify(header.token()));
        } catch (IntrospectionUnavailableException e) {
            LOG.warn("request {}: {}", exchange.requestId(), e.getMessage());
            // Fail closed: a token nobody could vouch for is refused, but as the gateway's failure, not the caller's.
            return GatewayResponse.refuse(Problem.of("token-introspection-unavailable", "Service Unavailable", 503,
                    "the access token cannot be verified now; try again later").withHeader("Retry-After", "1"),
                    "introspection_unavailable");
        } catch (InvalidAccessTokenException e) {
            return GatewayResponse.refuse(header.dpop() ? DpopChallenge.invalidToken("invalid-token", e.getMessage())
                    : BearerChallenge.invalidToken(e.getMessage()), "invalid_token");
        }
        exchange.presentedToken(header);
        return chain.proceed(exchange);
    }

    /**
     * RFC 6750 §2.1 (and RFC 9449 §7.1 for DPoP): b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
     * A loop, not a regular expression: tokens are long, and the regex was 5 % of a request's CPU.
     */
    static boolean isB64Token(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7515 §7.1: a compact JWS is three base64url parts; anything else is an opaque (or encrypted) token. */
    private static boolean looksLikeJws(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Set<Fact> provides() {
        return Set.of(Fact.ACCESS_TOKEN, Fact.PRESENTED_TOKEN);
    }
}
