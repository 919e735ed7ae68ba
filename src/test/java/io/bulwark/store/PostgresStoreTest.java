package io.bulwark.store;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcReplayGuard;
import io.bulwark.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL (the shared service of the project machines), each test in a
 * fresh schema dropped afterwards. Skipped with a reason when PostgreSQL is unreachable, failed
 * instead under {@code CI=true}.
 */
class PostgresStoreTest extends StoreContractTest {

    private static final StoreConfig CONFIG = new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null);

    private static final Queue<String> SCHEMAS = new ConcurrentLinkedQueue<>();

    private final String schema = TestPostgres.newSchemaName();
    private final Queue<Store> extraNodes = new ConcurrentLinkedQueue<>();

    @AfterAll
    static void dropSchemas() throws SQLException {
        if (SCHEMAS.isEmpty()) {
            return;
        }
        for (String schema = SCHEMAS.poll(); schema != null; schema = SCHEMAS.poll()) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected Store openStore(InstantSource clock) {
        // Skipped test by test rather than once for the class, so every skipped test shows the reason.
        TestPostgres.assumeAvailable();
        SCHEMAS.add(schema);
        return JdbcStore.postgres(CONFIG, clock, schema);
    }

    @AfterEach
    void closeExtraNodes() {
        extraNodes.forEach(Store::close);
    }

    @Test
    void ofSixteenCallersRacingOnTwoNodesExactlyOneIsFirst() throws Exception {
        Store otherNode = openStore(clock);
        extraNodes.add(otherNode);
        List<ReplayGuard> nodes = List.of(store.replayGuard(), otherNode.replayGuard());

        for (int round = 0; round < 10; round++) {
            assertThat(countFirstUses(nodes, 16, "two-nodes-" + round))
                    .as("callers told 'first use' across both nodes in round %d", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void ofSixteenReservationsRacingOnTwoNodesExactlyOneHoldsTheUseAndOnlyItsHolderReleasesIt() throws Exception {
        Store otherNode = openStore(clock);
        extraNodes.add(otherNode);
        List<OneTimeReservations> nodes = List.of(store.reservations(), otherNode.reservations());
        for (int round = 0; round < 10; round++) {
            assertThat(countReservations(nodes, 16, "two-nodes-" + round)).as("round %d", round).isEqualTo(1);
        }
        String holder = store.reservations().reserve("payment-consent", "p1", T0.plusSeconds(300)).orElseThrow();
        assertThat(otherNode.reservations().reserve("payment-consent", "p1", T0.plusSeconds(300))).isEmpty();
        assertThat(otherNode.reservations().release("payment-consent", "p1", holder)).as("released on another node").isTrue();
        assertThat(otherNode.reservations().reserve("payment-consent", "p1", T0.plusSeconds(300))).isPresent();
    }

    @Test
    void aSecondNodeSeesWhatTheFirstStored() {
        Store otherNode = openStore(clock);
        extraNodes.add(otherNode);
        RegisteredClient client = client("tpp-1", Set.of("accounts:read"), false);

        store.clients().save(client);
        assertThat(store.replayGuard().firstUse("jti", "abc", T0.plusSeconds(300))).isTrue();

        assertThat(otherNode.clients().find("tpp-1")).contains(client);
        assertThat(otherNode.replayGuard().firstUse("jti", "abc", T0.plusSeconds(300))).isFalse();
    }

    @Test
    void thePostgresReplayGuardIsSharedNotInMemory() {
        assertThat(store.replayGuard()).isInstanceOf(JdbcReplayGuard.class);
    }

    @Test
    void expiredIdentifiersArePurgedFromTheTable() throws SQLException {
        for (int i = 0; i < 50; i++) {
            store.replayGuard().firstUse("jti", "id-" + i, T0.plusSeconds(30));
        }
        assertThat(usedIdentifierRows()).isEqualTo(50);

        clock.advance(Duration.ofMinutes(2));
        Instant later = clock.instant().plusSeconds(30);
        assertThat(store.replayGuard().firstUse("jti", "fresh", later)).isTrue();

        assertThat(usedIdentifierRows()).isEqualTo(1);
    }

    @Test
    void identifiersUsedBeforeTheUpgradeToHashesStayUsedAndAreStoredHashed() throws SQLException {
        String older = TestPostgres.newSchemaName();
        SCHEMAS.add(older);
        // A database as release 10 left it: raw namespaces and identifiers.
        Flyway.configure().dataSource(TestPostgres.URL, TestPostgres.USER, null).schemas(older).locations("classpath:db/migration")
                .target("10").load().migrate();
        try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + older + ".used_identifiers (namespace, id, expires_at) VALUES "
                    + "('payment-consent', 'spent-detail', TIMESTAMP WITH TIME ZONE '2026-06-01 00:00:00+00'), "
                    + "('client-assertion:partner', 'jti-1', TIMESTAMP WITH TIME ZONE '2026-06-01 00:00:00+00')");
        }

        try (Store upgraded = JdbcStore.postgres(CONFIG, clock, older)) {
            assertThat(upgraded.replayGuard().firstUse("payment-consent", "spent-detail", T0.plusSeconds(60))).isFalse();
            assertThat(upgraded.replayGuard().firstUse("client-assertion:partner", "jti-1", T0.plusSeconds(60))).isFalse();
            assertThat(upgraded.replayGuard().firstUse("client-assertion:partner", "jti-2", T0.plusSeconds(60))).isTrue();
        }
        try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT namespace, id FROM " + older + ".used_identifiers")) {
            int count = 0;
            while (rows.next()) {
                count++;
                assertThat(rows.getString(1)).hasSize(43).doesNotContain("client-assertion", "payment");
                assertThat(rows.getString(2)).hasSize(43).doesNotContain("jti", "spent");
            }
            assertThat(count).isEqualTo(3);
        }
    }

    private long usedIdentifierRows() throws SQLException {
        try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM " + schema + ".used_identifiers")) {
            count.next();
            return count.getLong(1);
        }
    }
}
