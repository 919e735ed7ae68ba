package io.bulwark.cli;

import io.bulwark.jdbc.JdbcStore;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.FailureKeys;
import io.bulwark.store.FailureState;
import io.bulwark.testing.MinimalConfig;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bulwark users unlock} (password and second factor) and {@code bulwark clients unlock --address} against the
 * embedded store of a stopped node.
 */
class UnlockCommandTest {

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void files() throws IOException {
        MinimalConfig.placeholders(dir);
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "data-dir: ./data\n" + MinimalConfig.YAML);
        // A deployment's master key, which the audit records of the unlocks are chained under.
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path keyFile = Files.createDirectories(dir.resolve("data")).resolve("master.key");
        Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = BulwarkCli.commandLine().execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void unlocksALockedUserInTheEmbeddedStoreAndSaysSoForOneThatWasNot() {
        MutableClock clock = MutableClock.atNow();
        String key = FailureKeys.identity(Attempt.Kind.USER, "alice");
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            for (int i = 0; i < 10; i++) {
                store.failureCounters().recordFailure(key, clock.instant(), Duration.ofHours(1), 10, Duration.ofMinutes(30));
            }
            assertThat(store.failureCounters().state(key).lockedAt(Instant.now())).isTrue();
        }

        Run unlocked = run("users", "unlock", "alice", "--config", config.toString());
        assertThat(unlocked.exit()).isZero();
        assertThat(unlocked.err()).doesNotContain("could not be recorded");
        assertThat(unlocked.out()).startsWith("Unlocked user alice (it was locked out until").contains("after 10 failed attempts")
                .endsWith("The second factor of user alice was not locked out; its failed-attempt count (0) is cleared.\n"
                        + "The daily second-factor cap of user alice was not locked out; its failed-attempt count (0) is cleared.\n");

        Run notLocked = run("clients", "unlock", "never-seen", "--address", "203.0.113.5", "--config", config.toString());
        assertThat(notLocked.exit()).isZero();
        assertThat(notLocked.out()).isEqualTo("Client never-seen from 203.0.113.5 was not locked out; its failed-attempt count (0) is cleared.\n");

        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            assertThat(store.failureCounters().state(key)).isEqualTo(FailureState.NONE);
            // PCI DSS v4.0 10.2.1.2: each unlock is an operator's audit record, naming what it unlocked and whether it was locked.
            List<io.bulwark.audit.ChainedAuditRecord> records = store.auditRecords().after(0, 10);
            assertThat(records).extracting(io.bulwark.audit.ChainedAuditRecord::operation).containsExactly("users.unlock", "clients.unlock");
            assertThat(records.get(0).eventJson()).contains("\"user\":\"alice\"").contains("\"reason\":\"unlocked\"");
            assertThat(records.get(1).eventJson()).contains("\"client_id\":\"never-seen\"").contains("\"reason\":\"counts_cleared\"");
        }
    }

    @Test
    void usersUnlockLiftsALockedSecondFactorToo() {
        MutableClock clock = MutableClock.atNow();
        String password = FailureKeys.identity(Attempt.Kind.USER, "bob");
        String secondFactor = FailureKeys.identity(Attempt.Kind.SECOND_FACTOR, "bob");
        String day = FailureKeys.secondFactorDay("bob");
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            store.failureCounters().recordFailure(password, clock.instant(), Duration.ofHours(1), 10, Duration.ofMinutes(30));
            for (int i = 0; i < 5; i++) {
                store.failureCounters().recordFailure(secondFactor, clock.instant(), Duration.ofHours(1), 5, Duration.ofMinutes(30));
                store.failureCounters().recordFailure(day, clock.instant(), Duration.ofDays(1), 20, Duration.ofDays(1));
            }
        }

        Run unlocked = run("users", "unlock", "bob", "--config", config.toString());
        assertThat(unlocked.exit()).isZero();
        assertThat(unlocked.out()).startsWith("User bob was not locked out; its failed-attempt count (1) is cleared.\n"
                + "Unlocked the second factor of user bob (it was locked out until").contains("after 5 failed attempts).\n")
                .endsWith("The daily second-factor cap of user bob was not locked out; its failed-attempt count (5) is cleared.\n");

        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            assertThat(store.failureCounters().state(secondFactor)).isEqualTo(FailureState.NONE);
            assertThat(store.failureCounters().state(day)).isEqualTo(FailureState.NONE);
            assertThat(store.failureCounters().state(password)).isEqualTo(FailureState.NONE);
        }
    }

    @Test
    void clientsUnlockLiftsTheLockOfTheClientAtTheAddressGivenOnly() {
        MutableClock clock = MutableClock.atNow();
        String there = FailureKeys.identityFrom(Attempt.Kind.CLIENT, "partner", "203.0.113.5");
        String elsewhere = FailureKeys.identityFrom(Attempt.Kind.CLIENT, "partner", "198.51.100.7");
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            for (int i = 0; i < 10; i++) {
                store.failureCounters().recordFailure(there, clock.instant(), Duration.ofHours(1), 10, Duration.ofMinutes(30));
                store.failureCounters().recordFailure(elsewhere, clock.instant(), Duration.ofHours(1), 10, Duration.ofMinutes(30));
            }
        }

        Run unlocked = run("clients", "unlock", "partner", "--address", "203.0.113.5", "--config", config.toString());
        assertThat(unlocked.exit()).isZero();
        assertThat(unlocked.out()).startsWith("Unlocked client partner from 203.0.113.5 (it was locked out until")
                .contains("after 10 failed attempts");
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            assertThat(store.failureCounters().state(there)).isEqualTo(FailureState.NONE);
            assertThat(store.failureCounters().state(elsewhere).lockedAt(Instant.now())).isTrue();
        }
    }

    @Test
    void clientsUnlockNeedsTheAddressAsAnIpAddress() {
        Run missing = run("clients", "unlock", "partner", "--config", config.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--address");

        Run name = run("clients", "unlock", "partner", "--address", "partner.example", "--config", config.toString());
        assertThat(name.exit()).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(name.err()).contains("--address partner.example is not an IP address").contains("such as 203.0.113.5")
                .contains("nothing was changed");
    }

    @Test
    void anInvalidConfigurationChangesNothing() throws IOException {
        Files.writeString(config, Files.readString(config) + "limits: {max-headres: 1}\n");
        Run refused = run("users", "unlock", "alice", "--config", config.toString());
        assertThat(refused.exit()).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(refused.err()).contains("limits.max-headres");
    }
}
