/**
 * Rate limits and quotas as Bucket4j token buckets: the {@link io.bulwark.ratelimit.RateLimiter} port, its in-process
 * adapter, the failover to local buckets when the shared store is unavailable, the policies of {@code bulwark.yaml}
 * and the IETF {@code RateLimit} headers. No HTTP or storage library here; Redis lives in {@code ratelimit.redis}.
 */
package io.bulwark.ratelimit;
