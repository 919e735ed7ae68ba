package io.bulwark.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.bulwark.cli.BulwarkCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The format `bulwark serve` chooses, in this process, under Bulwark's own logback.xml. */
class LogOutputTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext context = context();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void anotherConfigurationIsLeftAlone() {
        // Here logback-test.xml configures the process, as an operator's own file would.
        assertThat(LogOutput.use(LogFormat.JSON)).isFalse();
        assertThat(context().getProperty(LogOutput.APPENDER_PROPERTY)).isNull();
    }

    @Test
    void serveWritesJsonLinesUnlessBulwarkYamlSaysText() throws Exception {
        LogOutput.configure(context(), LogFormat.TEXT, LogOutput.class.getResource("/logback.xml"));
        // The rest of each file is wrong: the format is chosen before it is read, and nothing starts.
        Path defaults = Files.writeString(dir.resolve("defaults.yaml"), "data-dir: state\n");
        assertThat(BulwarkCli.commandLine().execute("serve", "--config", defaults.toString(), "--check")).isNotZero();
        assertThat(context().getProperty(LogOutput.APPENDER_PROPERTY)).isEqualTo("json");
        assertThat(context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("json")).isNotNull();

        Path text = Files.writeString(dir.resolve("text.yaml"), "logging:\n  format: text\n");
        assertThat(BulwarkCli.commandLine().execute("serve", "--config", text.toString(), "--check")).isNotZero();
        assertThat(context().getProperty(LogOutput.APPENDER_PROPERTY)).isEqualTo("text");
        assertThat(context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("text")).isNotNull();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
