package io.bulwark.ratelimit;

import io.bulwark.http.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * One request charged to every bucket that applies to it, as the gateway's rate-limit step and the
 * authorization server's address limit both do: each bucket is charged, as Envoy and Kong do, so a
 * request refused by one limit still counts against the others.
 *
 * @param decisions every bucket's answer, in the order the policies are declared
 * @param refusal   the refusing decision that asks the caller to wait longest, or null when all admitted
 */
public record Charges(List<Decision> decisions, Decision refusal) {

    public Charges {
        decisions = List.copyOf(decisions);
    }

    /** Takes one token from each bucket of {@code applied}. */
    public static Charges charge(RateLimiter limiter, List<RateLimitPolicies.Applied> applied) {
        List<Decision> decisions = new ArrayList<>(applied.size());
        Decision refusal = null;
        for (var limit : applied) {
            Decision decision = limiter.tryConsume(limit.quota(), limit.key());
            decisions.add(decision);
            if (!decision.admitted() && (refusal == null || decision.retryAfterSeconds() > refusal.retryAfterSeconds())) {
                refusal = decision;
            }
        }
        return new Charges(decisions, refusal);
    }

    public boolean refused() {
        return refusal != null;
    }

    /** RFC 6585 §4: 429 Too Many Requests, with Retry-After (RFC 9110 §10.2.3) saying when to come back. */
    public Problem problem() {
        return Problem.of("rate-limited", "Too Many Requests", 429,
                        "the rate limit \"" + refusal.quota().name() + "\" admits " + refusal.quota().limit() + " requests per "
                                + refusal.quota().windowSeconds() + " s; retry after " + refusal.retryAfterSeconds() + " s")
                .withHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
    }
}
