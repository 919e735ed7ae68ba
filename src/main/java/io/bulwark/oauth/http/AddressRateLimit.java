package io.bulwark.oauth.http;

import io.bulwark.ratelimit.Charges;
import io.bulwark.ratelimit.RateLimitHeaders;
import io.bulwark.ratelimit.RateLimitPolicies;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.server.ResponseWriter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The rate-limit policies keyed by source address alone, applied to every request to the
 * authorization server before anything else runs: pages that open sessions, PAR and the token
 * endpoint cannot be flooded from one address, whatever the brute-force guard counts.
 */
public final class AddressRateLimit {

    private final Supplier<RateLimitPolicies> policies;
    private final RateLimiter limiter;

    /** @param policies the policies in force, read once per request (a configuration reload replaces them) */
    public AddressRateLimit(Supplier<RateLimitPolicies> policies, RateLimiter limiter) {
        this.policies = policies;
        this.limiter = limiter;
    }

    /** Puts the limit in front of every other route of {@code router}. */
    public Router install(Router router) {
        router.route().order(-1).handler(this::handle);
        return router;
    }

    private void handle(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        var applied = policies.get().addressWide(address);
        if (applied.isEmpty()) {
            ctx.next();
            return;
        }
        Charges charges = Charges.charge(limiter, applied);
        // draft-ietf-httpapi-ratelimit-headers: the fields on every answer of a limited resource, refusals included.
        ctx.response().putHeader(RateLimitHeaders.POLICY, RateLimitHeaders.policy(charges.decisions()))
                .putHeader(RateLimitHeaders.LIMIT, RateLimitHeaders.limit(charges.decisions()));
        if (charges.refused()) {
            ResponseWriter.problem(ctx.response(), charges.problem());
            return;
        }
        ctx.next();
    }
}
