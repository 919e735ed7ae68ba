package io.bulwark.ratelimit;

/**
 * The outcome of taking one token from one bucket.
 *
 * @param quota             the quota as enforced (on a node cut off from the shared store, its local share)
 * @param admitted          whether a token was taken
 * @param remaining         tokens left
 * @param resetSeconds      seconds until the bucket is full again ({@code RateLimit} {@code t})
 * @param retryAfterSeconds when refused, seconds until a token is available ({@code Retry-After}); 0 when admitted
 */
public record Decision(Quota quota, boolean admitted, long remaining, long resetSeconds, long retryAfterSeconds) {
}
