package io.bulwark.runtime;

import io.bulwark.oauth.keys.SigningKeyRing;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/** Rotates signing keys by age: checks at start and hourly whether each ring's key has reached its maximum age. */
final class KeyRotationSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotationSchedule.class);
    static final Duration CHECK_INTERVAL = Duration.ofHours(1);

    private KeyRotationSchedule() {
    }

    /** Checks each ring now, then every hour on a worker thread; every node may, harmlessly. */
    static void start(Vertx vertx, Duration maxAge, List<SigningKeyRing> rings) {
        for (SigningKeyRing keys : rings) {
            Runnable check = () -> keys.rotateIfOlderThan(maxAge)
                    .ifPresent(next -> LOG.info("signing key rotated by age: {} signs from {}", next.keyId(), next.activatedAt()));
            check.run();
            vertx.setPeriodic(CHECK_INTERVAL.toMillis(), id -> vertx.executeBlocking(() -> {
                check.run();
                return null;
            }));
        }
    }
}
