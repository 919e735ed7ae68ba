package io.bulwark.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision dispatcher: never blocks the caller, drops and counts what its queue cannot hold, survives its listener. */
class DecisionDispatcherTest {

    private static AuditEvent event(String requestId) {
        return new AuditEvent(Instant.parse("2026-01-01T00:00:00Z"), requestId, AuditDecision.REFUSED, "route_not_found",
                "route-not-found", 404, "GET", "/x", null, null, Map.of(), null, null, "127.0.0.1", 0, 0, 10,
                java.util.OptionalLong.empty());
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        DecisionListener slow = event -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(event.requestId());
        };
        try (DecisionDispatcher dispatcher = new DecisionDispatcher(slow, 2)) {
            dispatcher.offer(event("r1"));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 2; i <= 6; i++) {
                dispatcher.offer(event("r" + i));
            }
            assertThat(dispatcher.dropped()).as("r4, r5 and r6 found the queue of two full").isEqualTo(3);

            release.countDown();
            awaitDelivered(dispatcher, 3);
            assertThat(seen).containsExactly("r1", "r2", "r3");
        }
    }

    @Test
    void aThrowingListenerIsCountedAndKeepsReceiving() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        DecisionListener flaky = event -> {
            seen.add(event.requestId());
            if (event.requestId().equals("r1")) {
                throw new IllegalStateException("a listener bug");
            }
        };
        try (DecisionDispatcher dispatcher = new DecisionDispatcher(flaky, 10)) {
            dispatcher.offer(event("r1"));
            dispatcher.offer(event("r2"));
            awaitDelivered(dispatcher, 1);
            assertThat(dispatcher.failed()).isEqualTo(1);
            assertThat(seen).containsExactly("r1", "r2");
        }
    }

    @Test
    void aClosedDispatcherDropsWhatItIsOffered() {
        DecisionDispatcher dispatcher = new DecisionDispatcher(event -> { }, 10);
        dispatcher.close();
        dispatcher.offer(event("r1"));
        assertThat(dispatcher.dropped()).isEqualTo(1);
    }

    @Test
    void aQueueHoldsAtLeastOneEvent() {
        assertThatThrownBy(() -> new DecisionDispatcher(event -> { }, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    private static void awaitDelivered(DecisionDispatcher dispatcher, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dispatcher.delivered() < count) {
            assertThat(System.nanoTime()).as("delivered within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
