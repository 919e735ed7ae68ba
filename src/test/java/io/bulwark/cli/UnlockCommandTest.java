package io.bulwark.cli;

import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.FailureKeys;
import io.bulwark.store.FailureState;
import io.bulwark.store.jdbc.JdbcStore;
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

/** {@code bulwark users unlock} and {@code bulwark clients unlock} against the embedded store of a stopped node. */
class UnlockCommandTest {

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("tls"));
        for (String file : List.of("tls/as.crt", "tls/as.key", "bank.yaml")) {
            Files.writeString(dir.resolve(file), "placeholder");
        }
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                data-dir: ./data
                authorization-server:
                  issuer: https://auth.example.com
                  listen: 127.0.0.1:8443
                  tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
                gateway:
                  listen: 127.0.0.1:9443
                  tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
                  audience: https://api.example.com
                  apis:
                    - name: bank
                      base-path: /bank/v1
                      purpose: test API
                      owner-team: test-team
                      openapi: bank.yaml
                      upstream:
                        url: https://bank.internal
                        client-identity: {certificate-chain: tls/as.crt, private-key: tls/as.key}
                        trusted-ca: tls/as.crt
                """);
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
        assertThat(unlocked.out()).startsWith("Unlocked user alice (it was locked out until").contains("after 10 failed attempts");

        Run notLocked = run("clients", "unlock", "never-seen", "--config", config.toString());
        assertThat(notLocked.exit()).isZero();
        assertThat(notLocked.out()).isEqualTo("Client never-seen was not locked out; its failed-attempt count (0) is cleared.\n");

        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), clock)) {
            assertThat(store.failureCounters().state(key)).isEqualTo(FailureState.NONE);
        }
    }

    @Test
    void anInvalidConfigurationChangesNothing() throws IOException {
        Files.writeString(config, Files.readString(config) + "limits: {max-headres: 1}\n");
        Run refused = run("users", "unlock", "alice", "--config", config.toString());
        assertThat(refused.exit()).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(refused.err()).contains("limits.max-headres");
    }
}
