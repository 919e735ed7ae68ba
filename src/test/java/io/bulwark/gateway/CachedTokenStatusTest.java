package io.bulwark.gateway;

import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachedTokenStatusTest {

    private final MutableClock clock = MutableClock.atNow();
    private final Set<String> revokedInStore = new HashSet<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final CachedTokenStatus status = new CachedTokenStatus(new TokenStatus() {
        @Override
        public boolean revoked(String jti) {
            lookups.incrementAndGet();
            return revokedInStore.contains(jti);
        }

        @Override
        public boolean clientDisabled(String clientId) {
            lookups.incrementAndGet();
            return clientId.startsWith("off");
        }

        @Override
        public boolean grantRevoked(String grantId) {
            lookups.incrementAndGet();
            return revokedInStore.contains(grantId);
        }
    }, Duration.ofMillis(500), clock);

    @Test
    void aBusyTokenCostsOneLookupPerInterval() {
        for (int i = 0; i < 100; i++) {
            status.revoked("t1");
        }
        assertThat(lookups).hasValue(1);
        clock.advance(Duration.ofMillis(500));
        status.revoked("t1");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRevocationIsSeenOnceTheIntervalHasPassed() {
        assertThat(status.revoked("t1")).isFalse();
        revokedInStore.add("t1");
        clock.advance(Duration.ofMillis(499));
        assertThat(status.revoked("t1")).as("still cached").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(status.revoked("t1")).isTrue();
    }

    @Test
    void clientsAndTokensAreCachedApart() {
        assertThat(status.clientDisabled("off-1")).isTrue();
        assertThat(status.clientDisabled("on-1")).isFalse();
        assertThat(status.revoked("off-1")).isFalse();
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aRevokedGrantIsSeenOnceTheIntervalHasPassed() {
        assertThat(status.grantRevoked("g1")).isFalse();
        revokedInStore.add("g1");
        clock.advance(Duration.ofMillis(499));
        assertThat(status.grantRevoked("g1")).as("still cached").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(status.grantRevoked("g1")).isTrue();
        // Grants are cached apart from tokens: a jti equal to a grant id is a different thing.
        assertThat(status.revoked("g2")).isFalse();
    }
}
