package io.bulwark.anomaly.response;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Circuit;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestClients;
import io.bulwark.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema, each with its own store pool, responder and throttle view: a throttle one node
 * decides is applied by the other, a lift on one ends it on both, and the circuit counts the identities both acted on.
 */
class TwoNodesShareAnomalyActionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private String schema;
    private JdbcStore one;
    private JdbcStore two;

    @BeforeEach
    void open() {
        TestPostgres.assumeAvailable();
        schema = TestPostgres.newSchemaName();
        StoreConfig config = new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null);
        one = JdbcStore.postgres(config, clock, schema);
        two = JdbcStore.postgres(config, clock, schema);
        for (int i = 1; i <= 11; i++) {
            one.clients().save(TestClients.client("client-" + i).build());
        }
    }

    @AfterEach
    void close() throws SQLException {
        if (one != null) {
            one.close();
            two.close();
            TestPostgres.dropSchema(schema);
        }
    }

    private AnomalyResponder responder(JdbcStore store, Circuit circuit) {
        Rule throttle = new Rule(List.of("behaviour.*"), Level.LOW, Set.of(), Action.THROTTLE, Optional.of(Duration.ofMinutes(15)),
                Optional.of(new Rate(5, Duration.ofMinutes(1))));
        return new AnomalyResponder(new AnomalyResponseConfig(Mode.ENFORCE, List.of(throttle), circuit, Set.of(), Set.of(), Duration.ofSeconds(30)),
                store.anomalyActions(), store.clients(), store.grants(), event -> { }, clock);
    }

    private AnomalyAlert alert(String clientId) {
        return new AnomalyAlert(clock.instant(), AnomalyAlert.Detector.BEHAVIOUR, "behaviour.rate",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.CLIENT, clientId), AnomalyAlert.Severity.HIGH, 0.9, List.of("900 rpm"), "r");
    }

    @Test
    void aThrottleDecidedOnOneNodeIsAppliedAndLiftedOnTheOther() throws InterruptedException {
        ActiveThrottles viewOnOne = new ActiveThrottles(one.anomalyActions(), Duration.ofSeconds(1), clock);
        ActiveThrottles viewOnTwo = new ActiveThrottles(two.anomalyActions(), Duration.ofSeconds(1), clock);
        assertThat(viewOnOne.of("client-1", null)).isEmpty();
        assertThat(viewOnTwo.of("client-1", null)).isEmpty();

        assertThat(responder(one, Circuit.DEFAULT).respond(alert("client-1"))).isEqualTo(AnomalyResponder.Decision.ACTED);
        assertThat(responder(two, Circuit.DEFAULT).respond(alert("client-1"))).as("already throttled, by the other node")
                .isEqualTo(AnomalyResponder.Decision.ALREADY_ACTING);
        clock.advance(Duration.ofSeconds(1));
        awaitUntil(() -> viewOnTwo.of("client-1", null).size() == 1);
        assertThat(viewOnTwo.of("client-1", null).getFirst().quota().limit()).isEqualTo(5);

        String id = two.anomalyActions().list(true, 1).getFirst().id();
        assertThat(new AnomalyActions(two.anomalyActions(), two.clients(), event -> { }, clock).lift(id, "alice", null))
                .isInstanceOf(AnomalyActions.Result.Done.class);
        clock.advance(Duration.ofSeconds(1));
        awaitUntil(() -> viewOnOne.of("client-1", null).isEmpty());
    }

    @Test
    void theCircuitCountsTheIdentitiesEitherNodeActedOn() {
        AnomalyResponder onOne = responder(one, Circuit.DEFAULT);
        AnomalyResponder onTwo = responder(two, Circuit.DEFAULT);
        for (int i = 1; i <= 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat((i % 2 == 0 ? onTwo : onOne).respond(alert("client-" + i))).isEqualTo(AnomalyResponder.Decision.ACTED);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(onOne.respond(alert("client-11"))).isEqualTo(AnomalyResponder.Decision.RECORDED);
        assertThat(onTwo.respond(alert("client-11"))).isEqualTo(AnomalyResponder.Decision.RECORDED);
        assertThat(one.anomalyActions().actedOnSince(Mode.ENFORCE, Instant.EPOCH)).hasSize(10);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
