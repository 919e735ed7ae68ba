package io.bulwark.anomaly.response;

import io.bulwark.anomaly.response.AnomalyAction.AlertSummary;
import io.bulwark.anomaly.response.AnomalyAction.Mark;
import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What the anomaly actions' JDBC adapter must do on each database: keep every field, find what is live, end and ack once. */
abstract class AnomalyActionStoreContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected final MutableClock clock = new MutableClock(T0);
    private JdbcStore store;
    private AnomalyActionStore actions;

    protected abstract JdbcStore openStore(InstantSource clock);

    @BeforeEach
    void open() {
        store = openStore(clock);
        actions = store.anomalyActions();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static AnomalyAction action(Mode mode, Action action, SubjectKind kind, String subject, Status status, Instant created, Duration lasts) {
        return new AnomalyAction(UUID.randomUUID().toString(), created, mode, action, kind, subject, status,
                lasts == null ? null : created.plus(lasts), new AlertSummary("behaviour", "behaviour.rate", "high", 0.8125,
                "requests per minute: 900 (usually 40)", "req-1"),
                action == Action.THROTTLE ? Optional.of(new Rate(10, Duration.ofMinutes(1))) : Optional.empty(),
                status == Status.ACTIVE, "throttled to 10/1m for 15m", null, null);
    }

    @Test
    void keepsEveryFieldAndListsNewestFirst() {
        AnomalyAction older = action(Mode.ENFORCE, Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.ACTIVE, T0, Duration.ofMinutes(15));
        AnomalyAction newer = action(Mode.OBSERVE, Action.REVOKE, SubjectKind.USER, "customer-1", Status.DONE, T0.plusSeconds(1), null);
        actions.insert(older);
        actions.insert(newer);
        AnomalyAction found = actions.find(older.id()).orElseThrow();
        assertThat(found).isEqualTo(older.endedAs(Status.ACTIVE, null).ackedBy(null));
        assertThat(found.rate()).contains(new Rate(10, Duration.ofMinutes(1)));
        assertThat(found.alert().score()).isEqualTo(0.8125);
        assertThat(actions.find(newer.id()).orElseThrow().rate()).isEmpty();
        assertThat(actions.find("nope")).isEmpty();
        assertThat(actions.list(false, 10)).extracting(AnomalyAction::id).containsExactly(newer.id(), older.id());
        assertThat(actions.list(false, 1)).extracting(AnomalyAction::id).containsExactly(newer.id());
    }

    @Test
    void findsTheLiveActionsOfAnIdentityUntilTheyExpire() {
        AnomalyAction throttle = action(Mode.ENFORCE, Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.ACTIVE, T0, Duration.ofMinutes(15));
        AnomalyAction observed = action(Mode.OBSERVE, Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.OBSERVED, T0, Duration.ofMinutes(15));
        actions.insert(throttle);
        actions.insert(observed);
        assertThat(actions.live(Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.ACTIVE, T0)).extracting(AnomalyAction::id)
                .containsExactly(throttle.id());
        assertThat(actions.live(Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.OBSERVED, T0)).extracting(AnomalyAction::id)
                .containsExactly(observed.id());
        assertThat(actions.live(Action.THROTTLE, SubjectKind.USER, "partner", Status.ACTIVE, T0)).isEmpty();
        assertThat(actions.live(Action.SUSPEND, SubjectKind.CLIENT, "partner", Status.ACTIVE, T0)).isEmpty();
        assertThat(actions.inForce(Action.THROTTLE, T0)).extracting(AnomalyAction::id).containsExactly(throttle.id());
        Instant later = T0.plus(Duration.ofMinutes(15));
        assertThat(actions.live(Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.ACTIVE, later)).isEmpty();
        assertThat(actions.inForce(Action.THROTTLE, later)).isEmpty();
        assertThat(actions.due(T0)).isEmpty();
        assertThat(actions.due(later)).extracting(AnomalyAction::id).containsExactlyInAnyOrder(throttle.id(), observed.id());
    }

    @Test
    void countsTheIdentitiesActedOnPerModeSinceAnInstant() {
        actions.insert(action(Mode.ENFORCE, Action.THROTTLE, SubjectKind.CLIENT, "a", Status.ACTIVE, T0, Duration.ofMinutes(15)));
        actions.insert(action(Mode.ENFORCE, Action.SUSPEND, SubjectKind.CLIENT, "a", Status.ACTIVE, T0, Duration.ofMinutes(15)));
        actions.insert(action(Mode.ENFORCE, Action.REVOKE, SubjectKind.USER, "a", Status.DONE, T0.plusSeconds(5), null));
        actions.insert(action(Mode.ENFORCE, Action.RECORD, SubjectKind.CLIENT, "recorded-only", Status.DONE, T0, null));
        actions.insert(action(Mode.OBSERVE, Action.THROTTLE, SubjectKind.CLIENT, "observed", Status.OBSERVED, T0, Duration.ofMinutes(15)));
        actions.insert(action(Mode.ENFORCE, Action.THROTTLE, SubjectKind.CLIENT, "old", Status.ACTIVE, T0.minusSeconds(3600), Duration.ofMinutes(15)));
        assertThat(actions.actedOnSince(Mode.ENFORCE, T0)).containsExactlyInAnyOrder("client:a", "user:a");
        assertThat(actions.actedOnSince(Mode.ENFORCE, T0.plusSeconds(1))).containsExactly("user:a");
        assertThat(actions.actedOnSince(Mode.OBSERVE, T0)).containsExactly("client:observed");
    }

    @Test
    void endsAndAcknowledgesOnceEvenUnderARace() throws Exception {
        AnomalyAction throttle = action(Mode.ENFORCE, Action.THROTTLE, SubjectKind.CLIENT, "partner", Status.ACTIVE, T0, Duration.ofMinutes(15));
        actions.insert(throttle);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> enders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String by = "operator-" + i;
                enders.add(() -> actions.end(throttle.id(), Status.ACTIVE, Status.LIFTED, new Mark(T0.plusSeconds(60), by, "note")));
            }
            int ended = 0;
            for (Future<Boolean> result : threads.invokeAll(enders)) {
                ended += result.get() ? 1 : 0;
            }
            assertThat(ended).as("exactly one lift undoes the action").isEqualTo(1);
        } finally {
            threads.shutdown();
        }
        AnomalyAction lifted = actions.find(throttle.id()).orElseThrow();
        assertThat(lifted.status()).isEqualTo(Status.LIFTED);
        assertThat(lifted.ended().at()).isEqualTo(T0.plusSeconds(60));
        assertThat(lifted.ended().note()).isEqualTo("note");
        assertThat(actions.end(throttle.id(), Status.ACTIVE, Status.EXPIRED, new Mark(T0, "expiry", null))).isFalse();
        assertThat(actions.inForce(Action.THROTTLE, T0)).isEmpty();

        assertThat(actions.list(true, 10)).extracting(AnomalyAction::id).containsExactly(throttle.id());
        assertThat(actions.ack(throttle.id(), new Mark(T0.plusSeconds(61), "alice", "seen"))).isTrue();
        assertThat(actions.ack(throttle.id(), new Mark(T0.plusSeconds(62), "bob", null))).isFalse();
        assertThat(actions.find(throttle.id()).orElseThrow().acked()).isEqualTo(new Mark(T0.plusSeconds(61), "alice", "seen"));
        assertThat(actions.list(true, 10)).isEmpty();
        assertThat(actions.list(false, 10)).hasSize(1);
    }
}
