package io.bulwark.config;

import io.bulwark.logging.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoggingConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFormatOrNothing() throws Exception {
        assertThat(ConfigLoader.logging(file("logging:\n  format: text\n")).format()).contains(LogFormat.TEXT);
        assertThat(ConfigLoader.logging(file("logging:\n  format: JSON\n")).format()).contains(LogFormat.JSON);
        assertThat(ConfigLoader.logging(file("logging: {}\n")).format()).isEmpty();
        assertThat(ConfigLoader.logging(file("data-dir: state\n")).format()).isEmpty();
    }

    @Test
    void anUnknownFormatIsRefusedWithWhereAndTheFixButNotTheValue() throws Exception {
        Path file = file("logging:\n  format: s3cr3t-by-mistake\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.logging(file));
        assertThat(e.getMessage()).contains(file.toString()).contains("logging.format").contains("is not a log format")
                .contains("`json`").contains("`text`").doesNotContain("s3cr3t-by-mistake");
        // The whole file's reading refuses it as well, so that `serve --check` reports it.
        ConfigException load = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertThat(load.getMessage()).contains("logging.format");
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.logging(file("logging:\n  level: debug\n")));
        assertThat(e.getMessage()).contains("logging").contains("level");
    }

    @Test
    void theEnvironmentWinsOverTheFileWhichWinsOverTheCommand() {
        assertThat(LogFormat.choose(Map.of(), Optional.empty(), LogFormat.JSON)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.choose(Map.of(), Optional.of(LogFormat.TEXT), LogFormat.JSON)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose(Map.of("BULWARK_LOG_FORMAT", "json"), Optional.of(LogFormat.TEXT), LogFormat.TEXT))
                .isEqualTo(LogFormat.JSON);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LogFormat.choose(Map.of("BULWARK_LOG_FORMAT", "xml"), Optional.empty(), LogFormat.JSON));
        assertThat(bad.getMessage()).contains("BULWARK_LOG_FORMAT").contains("json or text");
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("bulwark-" + System.nanoTime() + ".yaml"), yaml);
    }
}
