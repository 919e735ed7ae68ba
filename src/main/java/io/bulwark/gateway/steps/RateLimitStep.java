package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.ratelimit.Charges;
import io.bulwark.ratelimit.Decision;
import io.bulwark.ratelimit.IdentityThrottles;
import io.bulwark.ratelimit.RateLimitHeaders;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.ratelimit.RateLimiter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes a token from every bucket whose policy selects the request; refuses with 429 when any is empty. Every
 * limited response carries the {@code RateLimit-Policy} and {@code RateLimit} fields. One instance runs before
 * authentication (limits by address, API and operation, which must hold even for callers without a valid token)
 * and one after it (limits by client, user and client tier, and the tighter limits anomaly responses put on an identity).
 */
public final class RateLimitStep implements Step {

    private final RateLimitPolicies policies;
    private final RateLimiter limiter;
    private final boolean afterAuthentication;
    private final IdentityThrottles throttles;

    private RateLimitStep(RateLimitPolicies policies, RateLimiter limiter, boolean afterAuthentication, IdentityThrottles throttles) {
        this.policies = policies;
        this.limiter = limiter;
        this.afterAuthentication = afterAuthentication;
        this.throttles = throttles;
    }

    /** The limits that need no identity; place after {@code RouteStep}. */
    public static RateLimitStep beforeAuthentication(RateLimitPolicies policies, RateLimiter limiter) {
        return new RateLimitStep(policies, limiter, false, IdentityThrottles.NONE);
    }

    /** The limits by client, user or tier; place after {@code AccessTokenStep}. */
    public static RateLimitStep afterAuthentication(RateLimitPolicies policies, RateLimiter limiter) {
        return afterAuthentication(policies, limiter, IdentityThrottles.NONE);
    }

    /** As {@link #afterAuthentication(RateLimitPolicies, RateLimiter)}, with the tighter limits {@code throttles} put on identities. */
    public static RateLimitStep afterAuthentication(RateLimitPolicies policies, RateLimiter limiter, IdentityThrottles throttles) {
        return new RateLimitStep(policies, limiter, true, throttles);
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        var token = afterAuthentication ? exchange.accessToken() : null;
        var operation = exchange.operation();
        var caller = new RateLimitPolicies.Caller(exchange.request().remoteAddress(),
                operation.apiName(), operation.operation().operationId(),
                token == null ? null : token.clientId(), token == null ? null : token.subject());
        var applied = policies.select(afterAuthentication, caller);
        if (token != null) {
            var throttled = throttles.of(token.clientId(), token.subject());
            if (!throttled.isEmpty()) {
                applied = new java.util.ArrayList<>(applied);
                applied.addAll(throttled);
            }
        }
        if (applied.isEmpty()) {
            return chain.proceed(exchange);
        }
        Charges charges = Charges.charge(limiter, applied);
        if (charges.refused()) {
            return withHeaders(GatewayResponse.refuse(charges.problem(), "rate_limited:" + charges.refusal().quota().name()),
                    charges.decisions());
        }
        return withHeaders(chain.proceed(exchange), charges.decisions());
    }

    /** The response with this step's quotas appended to any RateLimit fields a later step already set. */
    private static GatewayResponse withHeaders(GatewayResponse response, List<Decision> decisions) {
        return response.withHeaders(Map.of(
                RateLimitHeaders.POLICY, appended(response, RateLimitHeaders.POLICY, RateLimitHeaders.policy(decisions)),
                RateLimitHeaders.LIMIT, appended(response, RateLimitHeaders.LIMIT, RateLimitHeaders.limit(decisions))));
    }

    // Both fields are structured-field lists (RFC 9651 §3.1): members from two steps join into one list.
    private static String appended(GatewayResponse response, String name, String value) {
        return response.header(name).map(existing -> value + ", " + existing).orElse(value);
    }

    @Override
    public Phase phase() {
        return afterAuthentication ? Phase.IDENTITY_LIMITS : Phase.ROUTE_POLICY;
    }

    @Override
    public Set<Fact> needs() {
        return afterAuthentication ? Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN) : Set.of(Fact.OPERATION);
    }

    @Override
    public String name() {
        return afterAuthentication ? "RateLimitStep(identity)" : "RateLimitStep(address)";
    }
}
