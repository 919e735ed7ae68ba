package io.bulwark.events;

import io.bulwark.audit.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The live stream's subscribers: filtered by type, bounded, dropped (and counted) when full, never waited for. */
class SecurityEventStreamTest {

    private static OutboundEvent event(String type) {
        return OutboundEvent.of(new SecurityEvent(Instant.parse("2026-12-07T10:00:00Z"), type, "r", null, Map.of()));
    }

    @Test
    void aSubscriberGetsTheTypesItAskedForInOrder() throws Exception {
        SecurityEventStream stream = new SecurityEventStream(10);
        try (SecurityEventStream.Subscription lockouts = stream.subscribe(Set.of("authentication_lockout", "request_refused"))) {
            OutboundEvent refused = event("request_refused");
            OutboundEvent lockout = event("authentication_lockout");
            stream.publish(refused);
            stream.publish(event("login_failed"));
            stream.publish(lockout);

            assertThat(lockouts.next(Duration.ofSeconds(1))).contains(refused);
            assertThat(lockouts.next(Duration.ofSeconds(1))).contains(lockout);
            assertThat(lockouts.next(Duration.ofMillis(20))).isEmpty();
        }
        assertThat(stream.subscribers()).isZero();
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedWithoutSlowingThePublisherOrTheOthers() throws Exception {
        SecurityEventStream stream = new SecurityEventStream(4);
        SecurityEventStream.Subscription stuck = stream.subscribe(Set.of());
        SecurityEventStream.Subscription reader = stream.subscribe(Set.of());
        OutboundEvent event = event("request_refused");
        long slowest = 0;
        for (int i = 0; i < 10_000; i++) {
            long started = System.nanoTime();
            stream.publish(event);
            slowest = Math.max(slowest, System.nanoTime() - started);
            reader.next(Duration.ZERO);
        }
        System.out.printf("security event stream: slowest of 10,000 publishes with a stuck subscriber: %d µs%n", slowest / 1_000);
        assertThat(Duration.ofNanos(slowest)).as("publishing never waits for the stuck subscriber").isLessThan(Duration.ofMillis(500));

        assertThat(stuck.isDropped()).isTrue();
        assertThat(stuck.next(Duration.ZERO)).isEmpty();
        assertThat(reader.isDropped()).isFalse();
        assertThat(stream.dropped()).isEqualTo(1);
        assertThat(stream.subscribers()).isEqualTo(1);
        assertThat(stream.published()).isEqualTo(10_000);
    }
}
