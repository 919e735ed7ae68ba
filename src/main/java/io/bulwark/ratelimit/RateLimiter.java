package io.bulwark.ratelimit;

/** Port: token buckets, in this process or shared by every node. */
public interface RateLimiter {

    /**
     * Takes one token from the bucket of {@code quota} for {@code key}, creating it full if it does not exist.
     *
     * @param key what the bucket counts (already free of secrets and personal data)
     * @throws RateLimitStoreException when a shared store cannot answer
     */
    Decision tryConsume(Quota quota, String key);

    /** A shared store failed; the caller falls back to local buckets. */
    final class RateLimitStoreException extends RuntimeException {
        public RateLimitStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
