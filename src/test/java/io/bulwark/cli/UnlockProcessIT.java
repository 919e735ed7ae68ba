package io.bulwark.cli;

import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.MinimalConfig;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bulwark clients unlock} as its own process while another process (this test, standing in for a running node)
 * holds the embedded store: it changes nothing, exits 1, and says what to do.
 */
class UnlockProcessIT {

    private static final Path JAR = Path.of(System.getProperty("bulwark.jar", "target/bulwark.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void anEmbeddedStoreHeldByARunningNodeIsReportedWithWhatToDo() throws Exception {
        MinimalConfig.placeholders(dir);
        Path config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "data-dir: ./data\n" + MinimalConfig.YAML);
        try (JdbcStore running = JdbcStore.embedded(dir.resolve("data"), MutableClock.atNow())) {
            Process unlock = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "clients", "unlock", "partner", "--address", "203.0.113.5",
                    "--config", config.toString())
                    .redirectErrorStream(true).start();
            assertThat(unlock.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(unlock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(unlock.exitValue()).as(output).isEqualTo(UnlockCommand.STORE_ERROR);
            assertThat(output).contains("cannot reach the store to unlock client partner from 203.0.113.5").contains("stop it first");
        }
    }
}
