package io.bulwark.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit: callers return only after their event is written, concurrent events share commits, failures reach every caller. */
class GroupCommitAuditTrailTest {

    @TempDir
    Path nodeData;

    private static final AuditChain CHAIN = new AuditChain(new SecretKeySpec(new byte[32], "HmacSHA256"));
    private static final AuditBatchWriter.Extension NOWHERE = new AuditBatchWriter.Extension(AuditChain.Head.EMPTY, AuditChain.Head.EMPTY);

    private GroupCommitAuditTrail trail(AuditBatchWriter writer, Duration timeout) {
        return new GroupCommitAuditTrail(writer, CHAIN, new AuditTailAnchor(nodeData.resolve("audit-anchor"),
                new SecretKeySpec(new byte[32], "HmacSHA256")), timeout);
    }

    private static AuditEvent event(int n) {
        return new AuditEvent(Instant.parse("2026-01-01T00:00:00Z"), "r" + n, AuditDecision.ALLOWED, null, null, 200,
                "GET", "/x", "api", "op", Map.of(), "s", "c", "127.0.0.1", 0, 0, 1,
                java.util.OptionalLong.empty());
    }

    @Test
    void concurrentAppendsShareCommitsAndEachReturnsOnlyOnceWritten() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch firstCommitHeld = new CountDownLatch(1);
        AuditBatchWriter slowStore = (events, chain) -> {
            batchSizes.add(events.size());
            firstCommitStarted.countDown();
            try {
                // The first commit is held, so the other callers queue up behind it and share the next one.
                firstCommitHeld.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.forEach(e -> written.add(e.requestId()));
            return NOWHERE;
        };
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommitAuditTrail trail = trail(slowStore, Duration.ofSeconds(30))) {
            Thread first = caller(trail, 0, written, failures);
            firstCommitStarted.await();
            List<Thread> queued = new ArrayList<>();
            for (int i = 1; i < 50; i++) {
                queued.add(caller(trail, i, written, failures));
            }
            // A caller waits for its commit (a timed wait) only once its event is queued: then all 49 are behind the held commit.
            while (!queued.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
                assertThat(queued).as("a caller ended while the first commit was held").noneMatch(t -> t.getState() == Thread.State.TERMINATED);
                Thread.onSpinWait();
            }
            assertThat(written).as("no caller returns before its event is written").isEmpty();
            firstCommitHeld.countDown();
            first.join();
            for (Thread caller : queued) {
                caller.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(written).hasSize(50);
        assertThat(batchSizes).as("one commit held, the 49 events queued behind it in the next").containsExactly(1, 49);
    }

    /** A platform thread appending event {@code n}, then checking that the event was written before append returned. */
    private static Thread caller(GroupCommitAuditTrail trail, int n, List<String> written, List<Throwable> failures) {
        return Thread.ofPlatform().start(() -> {
            try {
                trail.append(event(n));
                assertThat(written).contains("r" + n);
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }

    @Test
    void aFailedCommitReachesTheCallerAsAuditUnavailable() {
        try (GroupCommitAuditTrail trail = trail((events, chain) -> {
            throw new IllegalStateException("disk full");
        }, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> trail.append(event(1))).isInstanceOf(AuditUnavailableException.class)
                    .hasRootCauseMessage("disk full");
        }
    }

    @Test
    void aStoreThatHangsFailsTheCallerAfterTheTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        try (GroupCommitAuditTrail trail = trail((events, chain) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return NOWHERE;
        }, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> trail.append(event(1))).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("within");
            never.countDown();
        }
    }

    @Test
    void appendsAfterCloseFail() {
        GroupCommitAuditTrail trail = trail((events, chain) -> NOWHERE, Duration.ofSeconds(1));
        trail.close();
        assertThatThrownBy(() -> trail.append(event(1))).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void redactionMasksPansAndTokensAndControlCharacters() {
        assertThat(AuditRedaction.clean("/cards/4111-1111-1111-1111/x", 256)).isEqualTo("/cards/************1111/x");
        assertThat(AuditRedaction.clean("a eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig b", 256)).isEqualTo("a [jwt] b");
        assertThat(AuditRedaction.clean("x\r\ny", 256)).isEqualTo("x\\x0d\\x0ay");
        assertThat(AuditRedaction.clean("2026-01-01", 256)).isEqualTo("2026-01-01");
        assertThat(AuditRedaction.clean("a".repeat(1000), 10)).hasSize(11);
        // Percent-encoding, other groupings and other scripts' digits hide no card number (pen-test finding 6).
        assertThat(AuditRedaction.clean("/accounts/40000030%302578256", 256)).isEqualTo("/accounts/************8256");
        assertThat(AuditRedaction.clean("/accounts/4000%200030%200257%208256", 256)).isEqualTo("/accounts/************8256");
        assertThat(AuditRedaction.clean("/accounts/4000.0030.0257.8256", 256)).isEqualTo("/accounts/************8256");
        assertThat(AuditRedaction.clean("/accounts/\uFF14\uFF10\uFF10\uFF10003002578256", 256)).isEqualTo("/accounts/************8256");
        assertThat(AuditRedaction.clean("/a%2Fb%ZZ%", 256)).isEqualTo("/a/b%ZZ%");
    }
}
