package io.bulwark.ratelimit.redis;

import io.bulwark.config.RedisConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's link to the shared Redis. Connects lazily (a node starts, and limits locally, while Redis is down)
 * and then relies on Lettuce to reconnect; while disconnected, commands fail at once instead of queueing, so a
 * request never waits longer than the configured timeout.
 */
public final class RedisLink implements AutoCloseable {

    private static final long RETRY_CONNECT_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final RedisConfig config;
    private final AtomicLong nextConnectAttempt = new AtomicLong(System.nanoTime());
    private volatile StatefulRedisConnection<byte[], byte[]> bytes;
    private volatile StatefulRedisConnection<String, String> strings;

    public RedisLink(RedisConfig config) {
        this.config = config;
        RedisURI.Builder uri = RedisURI.builder(RedisURI.create(config.url())).withTimeout(config.timeout());
        if (config.password() != null) {
            uri.withPassword(config.password().toCharArray());
        }
        this.client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(config.timeout()).build())
                .build());
    }

    /** Every key this node writes starts with this. */
    public String keyPrefix() {
        return config.keyPrefix() + ":";
    }

    public Duration timeout() {
        return config.timeout();
    }

    /** The binary connection (Bucket4j's state), connecting if needed. */
    public StatefulRedisConnection<byte[], byte[]> bytes() {
        connectIfNeeded();
        return bytes;
    }

    /** The text connection (scripts and counters), connecting if needed. */
    public StatefulRedisConnection<String, String> strings() {
        connectIfNeeded();
        return strings;
    }

    /** True when Redis answers a PING within the timeout. */
    public boolean answers() {
        try {
            return "PONG".equals(strings().sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void connectIfNeeded() {
        if (strings != null) {
            return;
        }
        synchronized (this) {
            if (strings != null) {
                return;
            }
            long now = System.nanoTime();
            if (now - nextConnectAttempt.get() < 0) {
                throw new RedisUnavailableException("Redis at " + config.url() + " is unavailable; retrying in under a second", null);
            }
            nextConnectAttempt.set(now + RETRY_CONNECT_NANOS);
            try {
                StatefulRedisConnection<byte[], byte[]> b = client.connect(ByteArrayCodec.INSTANCE);
                StatefulRedisConnection<String, String> s = client.connect(StringCodec.UTF8);
                bytes = b;
                strings = s;
            } catch (RuntimeException e) {
                throw new RedisUnavailableException("cannot connect to Redis at " + config.url(), e);
            }
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** Redis could not be reached or did not answer in time. */
    public static final class RedisUnavailableException extends RuntimeException {
        public RedisUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
