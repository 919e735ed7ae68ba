package io.bulwark.gateway.token;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.dpop.AccessTokenHash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Verifies opaque access tokens by RFC 7662 introspection at the authorization server, authenticated with the
 * gateway's own client credentials, and remembers each answer briefly (never past the token's {@code exp}).
 */
public final class TokenIntrospector {

    /** Most distinct tokens remembered; past it, expired answers go, then (if still full) all. */
    static final int MAX_CACHED_TOKENS = 100_000;

    private final HttpClient http;
    private final URI endpoint;
    private final Supplier<ClientAuthentication> authentication;
    private final TokenValidity validity;
    private final Duration ttl;
    private final Duration timeout;
    private final InstantSource clock;
    // Keyed by the token's SHA-256, so the cache never holds a usable token; inactive answers are kept too,
    // so a flood of one bad token costs one call per TTL.
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(VerifiedAccessToken token, Instant until) {
    }

    /**
     * @param http           a client whose TLS context trusts the endpoint (and presents the gateway's certificate, for mTLS)
     * @param authentication the gateway's client authentication per call: a fresh private_key_jwt assertion (its jti is
     *                       single use), or tls_client_auth naming the client_id
     * @param issuer         the trusted issuer: an answer naming another {@code iss} is refused
     * @param audience       this gateway's resource identifier: an answer whose {@code aud} names anything else is refused
     * @param ttl            how long an answer is reused: a revocation takes at most this long to be seen
     */
    public TokenIntrospector(HttpClient http, URI endpoint, Supplier<ClientAuthentication> authentication, String issuer,
                             String audience, Duration ttl, Duration timeout, InstantSource clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.authentication = authentication;
        this.validity = new TokenValidity(issuer, audience, clock);
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * The verified token behind {@code token}.
     *
     * @throws InvalidAccessTokenException        when it is not active, or not meant for this gateway
     * @throws IntrospectionUnavailableException when the endpoint cannot answer (fail closed: never let through)
     */
    public VerifiedAccessToken introspect(String token) throws InvalidAccessTokenException, IntrospectionUnavailableException {
        String key = AccessTokenHash.of(token);
        Instant now = clock.instant();
        Answer known = answers.get(key);
        if (known == null || !known.until().isAfter(now)) {
            known = ask(token, now);
            remember(key, known, now);
        }
        if (known.token() == null) {
            throw new InvalidAccessTokenException("the access token is not active");
        }
        return known.token();
    }

    private Answer ask(String token, Instant now) throws InvalidAccessTokenException, IntrospectionUnavailableException {
        // RFC 7662 §2.1: POST token with token_type_hint, the caller authenticated.
        HTTPRequest request = new TokenIntrospectionRequest(endpoint, authentication.get(), new TypelessAccessToken(token),
                Map.of("token_type_hint", List.of("access_token"))).toHTTPRequest();
        TokenIntrospectionSuccessResponse answer = parse(send(request));
        Instant until = now.plus(ttl);
        // RFC 7662 §2.2: active false says nothing more; remembered for the TTL so it is not asked again at once.
        if (!answer.isActive()) {
            return new Answer(null, until);
        }
        // RFC 7662 §2.2 token_type: an active refresh token (Bulwark's endpoint says so, RFC 7009 §2.1 hint names) is no
        // access token; presented at an API it is refused like any invalid token, and remembered as such for the TTL.
        Object type = answer.toJSONObject().get("token_type");
        if (type != null && "refresh_token".equalsIgnoreCase(type.toString())) {
            return new Answer(null, until);
        }
        VerifiedAccessToken verified = verified(answer, token);
        return new Answer(verified, verified.expiresAt().isBefore(until) ? verified.expiresAt() : until);
    }

    private HTTPResponse send(HTTPRequest request) throws IntrospectionUnavailableException {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.getURI()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(request.getBody()));
        request.getHeaderMap().forEach((name, values) -> values.forEach(value -> http.header(name, value)));
        try {
            HttpResponse<String> response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
            HTTPResponse parsed = new HTTPResponse(response.statusCode());
            response.headers().firstValue("Content-Type").ifPresent(type -> parsed.setHeader("Content-Type", type));
            parsed.setBody(response.body());
            return parsed;
        } catch (IOException e) {
            throw new IntrospectionUnavailableException("the introspection endpoint cannot be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntrospectionUnavailableException("interrupted while waiting for the introspection endpoint");
        }
    }

    private static TokenIntrospectionSuccessResponse parse(HTTPResponse response) throws IntrospectionUnavailableException {
        try {
            TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(response);
            if (!parsed.indicatesSuccess()) {
                // 401 here means the gateway's own credentials were refused: an operator's problem, not the caller's.
                throw new IntrospectionUnavailableException("the introspection endpoint answered " + response.getStatusCode());
            }
            return parsed.toSuccessResponse();
        } catch (ParseException e) {
            throw new IntrospectionUnavailableException("the introspection endpoint's answer is not RFC 7662 JSON");
        }
    }

    private VerifiedAccessToken verified(TokenIntrospectionSuccessResponse answer, String token)
            throws InvalidAccessTokenException, IntrospectionUnavailableException {
        // Fail closed: without exp, sub and client_id the gateway cannot bound the token's life nor say who calls.
        if (answer.getExpirationTime() == null || answer.getSubject() == null || answer.getClientID() == null) {
            throw new IntrospectionUnavailableException("the introspection answer lacks exp, sub or client_id");
        }
        Instant exp = answer.getExpirationTime().toInstant();
        // RFC 7662 §2.2: iss and aud are optional in an answer. The trusted issuer's own endpoint answered, so an omitted one
        // speaks for that issuer and this gateway; a stated one is held to the same rule as a JWT's (RFC 9068 §4).
        validity.check(answer.getIssuer() == null ? validity.issuer() : answer.getIssuer().getValue(),
                answer.getAudience() == null ? List.of(validity.audience()) : Audience.toStringList(answer.getAudience()), exp,
                answer.getIssueTime() == null ? null : answer.getIssueTime().toInstant(),
                answer.getNotBeforeTime() == null ? null : answer.getNotBeforeTime().toInstant());
        try {
            Set<String> scopes = answer.getScope() == null ? Set.of() : Scopes.parse(answer.getScope().toString());
            // Without a jti the token's hash stands in, so per-token rules (single-use payments) still have a key.
            String tokenId = answer.getJWTID() != null ? answer.getJWTID().getValue() : "sha256:" + AccessTokenHash.of(token);
            // RFC 9449 §6.2 and RFC 8705 §3.2: cnf in the introspection answer, as in a JWT.
            return AccessTokenVerifier.verified(answer.getSubject().getValue(), answer.getClientID().getValue(), scopes, tokenId, exp,
                    answer.getJSONObjectParameter("cnf"), answer.getStringParameter("grant_id"),
                    answer.getParameters().get("authorization_details"));
        } catch (java.text.ParseException | RuntimeException e) {
            throw new InvalidAccessTokenException("the token's scope, cnf, grant_id or authorization_details is malformed");
        }
    }

    private void remember(String key, Answer answer, Instant now) {
        if (answers.size() >= MAX_CACHED_TOKENS) {
            answers.values().removeIf(a -> !a.until().isAfter(now));
            if (answers.size() >= MAX_CACHED_TOKENS) {
                answers.clear();
            }
        }
        answers.put(key, answer);
    }
}
