package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.audit.DecisionDispatcher;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour detector on real stores: decision events in, windows through the store, alerts out; on H2 one node, on
 * PostgreSQL two nodes sharing the traffic with one scorer per identity, and the state surviving a restart on both.
 */
class BehaviourDetectorTest {

    private static final Queue<String> SCHEMAS = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchemas() throws SQLException {
        for (String schema = SCHEMAS.poll(); schema != null; schema = SCHEMAS.poll()) {
            TestPostgres.dropSchema(schema);
        }
    }

    private static JdbcStore postgres(String schema, DetectorRig rig) {
        return JdbcStore.postgres(new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null), rig.clock, schema);
    }

    @Test
    void anEnumerationAfterOrdinaryTrafficIsOneAlertNamingTheObjectsOnH2() {
        try (DetectorRig rig = new DetectorRig(); JdbcStore store = JdbcStore.embedded(dir, rig.clock)) {
            rig.add(store, "node-a");
            rig.normal(90);
            assertThat(rig.alerts).as("ordinary traffic raises nothing").isEmpty();
            rig.enumeration(120);
            rig.enumeration(110);
            rig.normal(3);

            List<AnomalyAlert> alice = rig.alertsFor("alice");
            assertThat(alice).as("one episode, one alert").hasSize(1);
            AnomalyAlert alert = alice.getFirst();
            assertThat(alert.detector()).isEqualTo(AnomalyAlert.Detector.BEHAVIOUR);
            assertThat(alert.kind()).isIn("behaviour.objects", "behaviour.errors", "behaviour.rate");
            assertThat(alert.severity()).isEqualTo(AnomalyAlert.Severity.HIGH);
            assertThat(String.join("; ", alert.reasons())).contains("objects: 122 distinct accountId values in 1m where at most 2 were usual for this identity")
                    .contains("refusals by reason: not_found 120");
            assertThat(alert.at()).isEqualTo(DetectorRig.START.plus(Duration.ofMinutes(90)));
            assertThat(rig.alertsFor("bob")).isEmpty();
        }
    }

    @Test
    void theStateSurvivesARestartOnH2() {
        try (DetectorRig rig = new DetectorRig()) {
            try (JdbcStore store = JdbcStore.embedded(dir, rig.clock)) {
                BehaviourDetector first = rig.add(store, "node-a");
                rig.normal(60);
                first.close();
                rig.detectors.clear();
                assertThat(store.behaviourModels().load("user:alice")).isPresent();
                assertThat(store.behaviourModels().load("population:user")).isPresent();
            }
            try (JdbcStore store = JdbcStore.embedded(dir, rig.clock)) {
                rig.add(store, "node-a-restarted");
                rig.normal(5);
                rig.enumeration(120);
                // Judged by alice's own forest and history, which only the saved state can have given this detector.
                assertThat(rig.alertsFor("alice")).singleElement()
                        .satisfies(alert -> assertThat(alert.reasons().getFirst()).contains("usual for this identity"));
                rig.close();
            }
        }
    }

    @Test
    void twoNodesOnPostgresShareTheTrafficAndOneOfThemScoresEachIdentity() {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.newSchemaName();
        SCHEMAS.add(schema);
        try (DetectorRig rig = new DetectorRig(); JdbcStore a = postgres(schema, rig); JdbcStore b = postgres(schema, rig)) {
            BehaviourDetector nodeA = rig.add(a, "node-a");
            BehaviourDetector nodeB = rig.add(b, "node-b");
            rig.normal(90);
            assertThat(nodeA.heldShards()).hasSize(Identity.SHARDS);
            assertThat(nodeB.heldShards()).as("every shard has one scorer").isEmpty();
            assertThat(rig.alerts).isEmpty();

            rig.enumeration(120);
            rig.normal(2);
            assertThat(rig.alertsFor("alice")).as("raised once across both nodes").hasSize(1);
            // Every node's share met in the one window: half the ids went through each node, the alert counts them all.
            assertThat(String.join("; ", rig.alertsFor("alice").getFirst().reasons())).contains("objects: 122 distinct accountId values");
            assertThat(nodeA.alertsRaised() + nodeB.alertsRaised()).isEqualTo(rig.alerts.size());

            // Node A stops: its leases are released and its state saved; node B takes over with what A learned.
            nodeA.close();
            rig.detectors.remove(nodeA);
            rig.normal(20);
            assertThat(nodeB.heldShards()).hasSize(Identity.SHARDS);
            rig.enumeration(130);
            List<AnomalyAlert> alice = rig.alertsFor("alice");
            assertThat(alice).hasSize(2);
            assertThat(alice.getLast().reasons().getFirst()).contains("usual for this identity");
        }
    }

    @Test
    void aNodeThatDiesWithoutClosingLeavesItsShardsAfterTheLeaseExpires() {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.newSchemaName();
        SCHEMAS.add(schema);
        try (DetectorRig rig = new DetectorRig(); JdbcStore a = postgres(schema, rig); JdbcStore b = postgres(schema, rig)) {
            rig.add(a, "node-a");
            BehaviourDetector nodeB = rig.add(b, "node-b");
            rig.normal(3);
            // Node A vanishes (no close): node B scores nothing until A's leases expire, then everything.
            rig.detectors.removeFirst();
            rig.clock.advance(Duration.ofSeconds(10));
            assertThat(nodeB.tick()).isEmpty();
            assertThat(nodeB.heldShards()).isEmpty();
            rig.clock.advance(BehaviourDetector.LEASE_TTL);
            nodeB.tick();
            assertThat(nodeB.heldShards()).hasSize(Identity.SHARDS);
        }
    }

    @Test
    void theListenerNeverThrowsIntoTheDispatcherAndAFailingStoreOrSinkStopsNothing() throws InterruptedException {
        DetectorRig rig = new DetectorRig();
        JdbcStore store = JdbcStore.embedded(dir, rig.clock);
        BehaviourDetector detector = new BehaviourDetector(DetectorRig.CONFIG, store.behaviourModels(), store.behaviourWindows(),
                store.behaviourLeases(), List.of(alert -> {
                    throw new IllegalStateException("sink down");
                }, rig.alerts::add), rig.clock, "node-a");
        try (DecisionDispatcher dispatcher = new DecisionDispatcher(detector, 100)) {
            Random random = new Random(1);
            dispatcher.offer(DetectorRig.event(0, random, "alice", null, Map.of(), 200, null));
            dispatcher.offer(DetectorRig.event(0, random, null, "getAccount", Map.of("accountId", "x".repeat(300)), 401, "not an address"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (dispatcher.delivered() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(dispatcher.delivered()).isEqualTo(2);
            assertThat(dispatcher.failed()).isZero();
        }
        store.close();
        rig.clock.advance(Duration.ofMinutes(2));
        // The store is gone: the round logs and returns, and the next round tries again.
        assertThat(detector.tick()).isEmpty();
        detector.close();
    }
}
