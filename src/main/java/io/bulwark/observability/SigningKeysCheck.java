package io.bulwark.observability;

import io.bulwark.oauth.keys.SigningKeyRing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jwks}: each signing key ring (the authorization server's access-token keys, the gateway's identity keys) has a
 * key that signs now and is not overdue for rotation; the answer gives each key's age. A key older than {@code overdueAfter}
 * means rotation by age has stopped working, and tokens would be signed with a key past the age the operator set.
 */
public final class SigningKeysCheck {

    public static final String NAME = "jwks";

    private SigningKeysCheck() {
    }

    /**
     * @param rings        the rings by purpose name, in the order to report them
     * @param overdueAfter the age past which the active key counts as expired: the maximum age plus the rotation
     *                     schedule's interval and the new key's publication lead
     */
    public static ReadinessCheck of(Map<String, SigningKeyRing> rings, Duration overdueAfter, InstantSource clock) {
        return new ReadinessCheck(NAME, () -> {
            Instant now = clock.instant();
            List<String> lines = new ArrayList<>();
            List<String> overdue = new ArrayList<>();
            rings.forEach((purpose, ring) -> {
                Duration age = Duration.between(ring.activeSince(), now);
                lines.add(purpose + ": active key " + age.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " old");
                if (age.compareTo(overdueAfter) > 0) {
                    overdue.add(purpose);
                }
            });
            String detail = String.join("; ", lines);
            return overdue.isEmpty() ? CheckResult.pass(detail)
                    : CheckResult.fail(detail + "; overdue for rotation (older than " + overdueAfter.toHours() + " h): "
                            + String.join(", ", overdue));
        });
    }
}
