package io.bulwark.runtime;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.StoredSigningKey;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;

/** Rotates signing keys by age: checks at start and hourly whether each ring's key has reached its maximum age. */
final class KeyRotationSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotationSchedule.class);
    static final Duration CHECK_INTERVAL = Duration.ofHours(1);

    private KeyRotationSchedule() {
    }

    /**
     * Checks each ring now, then every hour on a worker thread; every node may, harmlessly. {@code rotated} hears of each
     * new key (the node records it in the audit trail: PCI DSS v4.0 10.2.1.5 and 10.2.1.7).
     */
    static void start(Vertx vertx, Duration maxAge, Map<KeyPurpose, SigningKeyRing> rings, BiConsumer<KeyPurpose, StoredSigningKey> rotated) {
        for (Map.Entry<KeyPurpose, SigningKeyRing> ring : rings.entrySet()) {
            SigningKeyRing keys = ring.getValue();
            Runnable check = () -> keys.rotateIfOlderThan(maxAge).ifPresent(next -> {
                LOG.info("signing key rotated by age: {} signs from {}", next.keyId(), next.activatedAt());
                rotated.accept(ring.getKey(), next);
            });
            check.run();
            vertx.setPeriodic(CHECK_INTERVAL.toMillis(), id -> vertx.executeBlocking(() -> {
                check.run();
                return null;
            }));
        }
    }

    /** The {@code signing_key_rotated} security event of a key rotated by age. */
    static SecurityEvent rotatedEvent(Instant at, KeyPurpose purpose, StoredSigningKey key) {
        return new SecurityEvent(at, "signing_key_rotated", io.bulwark.audit.RequestIds.next(), null,
                Map.of("purpose", purpose.column(), "kid", key.keyId(), "activates_at", key.activatedAt().toString(), "by", "max_age"));
    }
}
