package io.bulwark.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The Redis server that nodes share for rate-limit buckets and authentication failure counters.
 *
 * @param url       {@code redis://host:port[/db]} or {@code rediss://} (TLS), without credentials
 * @param password  the password, already read from its environment variable (may be null)
 * @param keyPrefix every key Bulwark writes starts with this and {@code :}, so that deployments can share a server
 * @param timeout   how long one command may take before the node treats Redis as unavailable
 */
public record RedisConfig(URI url, String password, String keyPrefix, Duration timeout) {

    public static final String DEFAULT_KEY_PREFIX = "bulwark";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + url + ", password=***, keyPrefix=" + keyPrefix + ", timeout=" + timeout + "]";
    }
}
