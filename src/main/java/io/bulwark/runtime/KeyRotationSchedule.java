package io.bulwark.runtime;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;

/** Rotates signing keys by age: checks at start and hourly whether each ring's key has reached its maximum age. */
final class KeyRotationSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotationSchedule.class);
    static final Duration CHECK_INTERVAL = Duration.ofHours(1);

    private KeyRotationSchedule() {
    }

    /**
     * Checks each ring (by purpose, as {@code keys list} names it) now, then every hour on a worker thread; every node
     * may, harmlessly. Each rotation is a {@code signing_key_rotated} security event.
     */
    static void start(Vertx vertx, Duration maxAge, Map<String, SigningKeyRing> rings, SecurityEventSink events, InstantSource clock) {
        rings.forEach((purpose, keys) -> {
            Runnable check = () -> keys.rotateIfOlderThan(maxAge).ifPresent(next -> {
                LOG.info("signing key rotated by age: {} signs from {}", next.keyId(), next.activatedAt());
                events.record(new SecurityEvent(clock.instant(), "signing_key_rotated", UUID.randomUUID().toString(), null,
                        Map.of("purpose", purpose, "kid", next.keyId(), "activates_at", next.activatedAt().toString(), "by", "max_age")));
            });
            check.run();
            vertx.setPeriodic(CHECK_INTERVAL.toMillis(), id -> vertx.executeBlocking(() -> {
                check.run();
                return null;
            }));
        });
    }
}
