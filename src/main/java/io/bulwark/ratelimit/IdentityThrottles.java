package io.bulwark.ratelimit;

import java.util.List;

/**
 * Port: the tighter limits in force for one client or user (an anomaly response's throttle), applied by the gateway's
 * rate-limit step after authentication beside the configured policies. Answered from memory on the request path.
 */
@FunctionalInterface
public interface IdentityThrottles {

    /** None in force for anyone. */
    IdentityThrottles NONE = (clientId, subject) -> List.of();

    /** The quotas in force for this client or this user ({@code subject} null for a client's own token), with their bucket keys. */
    List<RateLimitPolicies.Applied> of(String clientId, String subject);
}
