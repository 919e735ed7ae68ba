package io.bulwark.ratelimit.lockout;

import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.ratelimit.redis.RedisFailureCounters;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import io.bulwark.store.InMemoryFailureCounters;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestPostgres;
import io.bulwark.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link FailureCounters} adapter must do: in memory, H2, PostgreSQL and Redis. */
class FailureCountersContractTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration LOCKOUT = Duration.ofMinutes(30);

    abstract static class Contract {
        protected final MutableClock clock = new MutableClock(T0);
        protected FailureCounters counters;

        /** Opens the adapter; called twice for two handles ("nodes") on the same data. */
        abstract FailureCounters open();

        @BeforeEach
        void openCounters() {
            counters = open();
        }

        private FailureState fail(FailureCounters on, String key) {
            return on.recordFailure(key, clock.instant(), WINDOW, 10, LOCKOUT);
        }

        @Test
        void countsAndLocksAtTheThresholdForTheLockoutDuration() {
            for (int i = 1; i < 10; i++) {
                FailureState state = fail(counters, "client:a");
                assertThat(state.failures()).isEqualTo(i);
                assertThat(state.lockedUntil()).isNull();
                clock.advance(Duration.ofSeconds(1));
            }
            FailureState locked = fail(counters, "client:a");
            assertThat(locked.failures()).isEqualTo(10);
            assertThat(locked.lockedUntil()).isEqualTo(clock.instant().plus(LOCKOUT));
            assertThat(counters.state("client:a")).isEqualTo(locked);
            assertThat(counters.state("client:b")).isEqualTo(FailureState.NONE);

            // Further failures while locked do not extend the lockout.
            clock.advance(Duration.ofMinutes(10));
            assertThat(fail(counters, "client:a").lockedUntil()).isEqualTo(locked.lockedUntil());
            // Once it has ended, the count starts again.
            clock.advance(Duration.ofMinutes(21));
            FailureState after = fail(counters, "client:a");
            assertThat(after.failures()).isEqualTo(1);
            assertThat(after.lockedUntil()).isNull();
        }

        @Test
        void aQuietWindowStartsTheCountAgainAndClearForgets() {
            fail(counters, "user:x");
            fail(counters, "user:x");
            clock.advance(WINDOW);
            assertThat(fail(counters, "user:x").failures()).isEqualTo(1);
            counters.clear("user:x");
            assertThat(counters.state("user:x")).isEqualTo(FailureState.NONE);
            assertThat(fail(counters, "user:x").failures()).isEqualTo(1);
        }

        @Test
        void concurrentFailuresOnTwoNodesAreEachCounted() throws Exception {
            FailureCounters other = open();
            CountDownLatch start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    FailureCounters node = i % 2 == 0 ? counters : other;
                    futures.add(pool.submit(() -> {
                        start.await();
                        return node.recordFailure("ip:shared", clock.instant(), WINDOW, 1000, LOCKOUT);
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            assertThat(counters.state("ip:shared").failures()).isEqualTo(40);
        }

        @Test
        void aSecondFactorLockedThroughOneNodeIsLockedAtAnotherWhoseRightPasswordLeavesItLocked() {
            var config = io.bulwark.config.AuthenticationGuardConfig.defaults();
            AuthenticationGuard nodeA = new AuthenticationGuard(counters, config, event -> { }, clock);
            AuthenticationGuard nodeB = new AuthenticationGuard(open(), config, event -> { }, clock);
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(31));
                nodeA.failed(Attempt.secondFactor("alice", "192.0.2.1"), "r" + i);
            }
            nodeB.succeeded(Attempt.user("alice", "198.51.100.1"));
            assertThat(nodeB.check(Attempt.secondFactor("alice", "198.51.100.1")).reason()).isEqualTo("locked");
            assertThat(nodeB.check(Attempt.user("alice", "198.51.100.1")).allowed()).isTrue();
        }

        @Test
        void distinctMembersAreCountedWithinTheWindow() {
            assertThat(counters.addDistinct("ip-identities:1", "a", clock.instant(), WINDOW)).isEqualTo(1);
            assertThat(counters.addDistinct("ip-identities:1", "a", clock.instant(), WINDOW)).isEqualTo(1);
            assertThat(counters.addDistinct("ip-identities:1", "b", clock.instant(), WINDOW)).isEqualTo(2);
            assertThat(counters.addDistinct("ip-identities:2", "a", clock.instant(), WINDOW)).isEqualTo(1);
            clock.advance(Duration.ofMinutes(40));
            assertThat(counters.addDistinct("ip-identities:1", "c", clock.instant(), WINDOW)).isEqualTo(3);
            clock.advance(Duration.ofMinutes(30));
            // a and b were last seen 70 minutes ago: outside the window.
            assertThat(counters.addDistinct("ip-identities:1", "d", clock.instant(), WINDOW)).isEqualTo(2);
        }
    }

    @Nested
    class InMemory extends Contract {
        private final InMemoryFailureCounters shared = new InMemoryFailureCounters();

        @Override
        FailureCounters open() {
            return shared;
        }
    }

    @Nested
    class EmbeddedH2 extends Contract {
        @TempDir
        Path dir;
        private JdbcStore store;

        @Override
        FailureCounters open() {
            if (store == null) {
                store = JdbcStore.embedded(dir, clock);
            }
            return store.failureCounters();
        }

        @AfterEach
        void close() {
            store.close();
        }
    }

    @Nested
    class Postgres extends Contract {
        private final List<JdbcStore> stores = new ArrayList<>();
        private String schema;

        @Override
        FailureCounters open() {
            TestPostgres.assumeAvailable();
            try {
                if (schema == null) {
                    schema = TestPostgres.newSchemaName();
                    TestPostgres.createSchema(schema);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            JdbcStore store = JdbcStore.postgres(new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null),
                    clock, schema);
            stores.add(store);
            return store.failureCounters();
        }

        @AfterEach
        void close() throws Exception {
            stores.forEach(JdbcStore::close);
            if (schema != null) {
                TestPostgres.dropSchema(schema);
            }
        }
    }

    @Nested
    class Redis extends Contract {
        private final List<RedisLink> links = new ArrayList<>();
        private final String prefix = TestRedis.newKeyPrefix();

        @Override
        FailureCounters open() {
            TestRedis.assumeAvailable();
            RedisLink link = new RedisLink(TestRedis.config(TestRedis.PORT, prefix));
            links.add(link);
            return new RedisFailureCounters(link);
        }

        @AfterEach
        void close() {
            links.forEach(RedisLink::close);
        }
    }
}
