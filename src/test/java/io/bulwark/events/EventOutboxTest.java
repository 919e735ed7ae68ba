package io.bulwark.events;

import io.bulwark.audit.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhooks' outbox on disk: what was appended survives a reopen, a torn last line is dropped, compaction keeps numbering. */
class EventOutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private static OutboundEvent event(String type) {
        return OutboundEvent.of(new SecurityEvent(NOW, type, "req-1", "192.0.2.1", Map.of("k", "v")));
    }

    @Test
    void appendedEventsAreReadBackInOrderAfterAReopen() throws Exception {
        OutboundEvent first = event("authentication_lockout");
        OutboundEvent second = event("config_reloaded");
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 100)) {
            assertThat(outbox.append(first, NOW)).isEqualTo(1);
            assertThat(outbox.append(second, NOW)).isEqualTo(2);
        }

        try (EventOutbox reopened = EventOutbox.open(dir, 0, 100)) {
            assertThat(reopened.next(0, Duration.ZERO)).get().satisfies(entry -> {
                assertThat(entry.seq()).isEqualTo(1);
                assertThat(entry.event()).isEqualTo(first);
                assertThat(entry.enqueuedAt()).isEqualTo(NOW);
            });
            assertThat(reopened.next(1, Duration.ZERO)).get().extracting(EventOutbox.Entry::event).isEqualTo(second);
            assertThat(reopened.next(2, Duration.ofMillis(50))).isEmpty();
            assertThat(reopened.append(event("x"), NOW)).isEqualTo(3);
        }
    }

    @Test
    void aTornLastLineIsDroppedAndTheNextAppendStartsOnAFreshLine() throws Exception {
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 100)) {
            outbox.append(event("a"), NOW);
        }
        // A crash in the middle of a write: that emitter never returned, so the event was never acknowledged.
        Files.writeString(dir.resolve(EventOutbox.FILE), "2 1765101600000 half-written", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (EventOutbox reopened = EventOutbox.open(dir, 0, 100)) {
            assertThat(reopened.pendingAfter(0)).isEqualTo(1);
            assertThat(reopened.append(event("b"), NOW)).isEqualTo(2);
        }
        try (EventOutbox again = EventOutbox.open(dir, 0, 100)) {
            assertThat(again.pendingAfter(0)).isEqualTo(2);
            assertThat(again.next(1, Duration.ZERO)).get().extracting(entry -> entry.event().type()).isEqualTo("b");
        }
    }

    @Test
    void compactionDropsWhatWasPassedAndNumberingContinuesPastTheCursors() throws Exception {
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 100)) {
            for (int i = 0; i < 5; i++) {
                outbox.append(event("e" + i), NOW);
            }
            outbox.compactThrough(5);
            assertThat(outbox.pendingAfter(0)).isZero();
            assertThat(Files.readString(dir.resolve(EventOutbox.FILE))).isEmpty();
        }
        // The file is empty; a cursor at 5 keeps numbers from being reused, which would make a receiver skip events.
        try (EventOutbox reopened = EventOutbox.open(dir, 5, 100)) {
            assertThat(reopened.append(event("after"), NOW)).isEqualTo(6);
        }
    }

    @Test
    void aFullOutboxRefusesRatherThanGrowWithoutBound() throws Exception {
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 2)) {
            outbox.append(event("a"), NOW);
            outbox.append(event("b"), NOW);
            assertThatThrownBy(() -> outbox.append(event("c"), NOW)).isInstanceOf(java.io.IOException.class).hasMessageContaining("full");
            outbox.compactThrough(1);
            assertThat(outbox.append(event("c"), NOW)).isEqualTo(3);
        }
    }

    @Test
    void measuresHowManyForcedAppendsASecondThisDiskTakes() throws Exception {
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 10_000)) {
            OutboundEvent event = event("request_refused");
            long started = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                outbox.append(event, NOW);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("security event outbox: 500 forced appends in %.3f s (%.0f events/s)%n", seconds, 500 / seconds);
            assertThat(outbox.pendingAfter(0)).isEqualTo(500);
        }
        try (EventOutbox reopened = EventOutbox.open(dir, 0, 10_000)) {
            assertThat(reopened.pendingAfter(0)).isEqualTo(500);
        }
    }

    @Test
    void aWaitingReaderWakesWhenAnEventIsAppended() throws Exception {
        try (EventOutbox outbox = EventOutbox.open(dir, 0, 100)) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                    outbox.append(event("late"), NOW);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            assertThat(outbox.next(0, Duration.ofSeconds(10))).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
