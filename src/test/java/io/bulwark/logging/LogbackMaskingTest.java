package io.bulwark.logging;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulwark's own logback.xml, loaded as the process loads it, masks what careless callers log, in both formats: this test
 * fails if the masking converters or the masking JSON decorator are taken out of the file.
 */
class LogbackMaskingTest {

    private static final String PAN = "4111 1111 1111 1111";
    private static final String TOKEN = "mF_9.B5f-4.1JqM-opaque-bearer-token";
    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ";
    private static final String PASSWORD = "correct-horse-battery";
    private static final List<String> SECRETS = List.of("4111111111111111", "4111 1111 1111 1111", TOKEN, JWT, PASSWORD,
            "MIGHAgEAMBMGByqGSM49");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream console;
    private LoggerContext context;

    @BeforeEach
    void captureTheConsole() {
        console = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context = new LoggerContext();
        // Events read the MDC SLF4J writes, as in the process's own context.
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    @AfterEach
    void restoreTheConsole() {
        context.stop();
        System.setOut(console);
        MDC.clear();
    }

    @Test
    void jsonLinesAreMaskedAndCarryTheRequestContext() throws Exception {
        LogOutput.configure(context, LogFormat.JSON, bulwarkConfiguration());
        logCarelessly();

        String output = captured.toString(StandardCharsets.UTF_8);
        SECRETS.forEach(secret -> assertThat(output).doesNotContain(secret));
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode first = new ObjectMapper().readTree(lines.getFirst());
        assertThat(first.path("request_id").asText()).isEqualTo("r-1");
        assertThat(first.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(first.path("client").asText()).isEqualTo("partner-app");
        assertThat(first.path("operation").asText()).isEqualTo("getAccount");
        assertThat(first.path("message").asText()).isEqualTo("card ************1111 charged");
        JsonNode failure = new ObjectMapper().readTree(lines.get(3));
        assertThat(failure.path("stack_trace").asText()).contains("IllegalStateException").contains("password=[masked]");
    }

    @Test
    void textLinesAreMaskedAndCarryTheRequestContextCompactly() throws Exception {
        LogOutput.configure(context, LogFormat.TEXT, bulwarkConfiguration());
        logCarelessly();

        String output = captured.toString(StandardCharsets.UTF_8);
        SECRETS.forEach(secret -> assertThat(output).doesNotContain(secret));
        assertThat(output).contains("[req=r-1 trace=4bf92f3577b34da6a3ce929d0e0e4736 client=partner-app op=getAccount] - card ************1111 charged")
                .contains("Bearer [masked]").contains("password=[masked]").contains("java.lang.IllegalStateException");
    }

    @Test
    void aLineOutsideARequestHasNoContext() throws Exception {
        LogOutput.configure(context, LogFormat.TEXT, bulwarkConfiguration());
        context.getLogger("io.bulwark.test").info("started");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(" io.bulwark.test - started").doesNotContain("[req=");
    }

    private void logCarelessly() {
        Logger log = context.getLogger("io.bulwark.anywhere");
        try (RequestLogContext ignored = RequestLogContext.open("r-1", "4bf92f3577b34da6a3ce929d0e0e4736")) {
            RequestLogContext.client("partner-app");
            RequestLogContext.operation("getAccount");
            log.info("card {} charged", PAN);
            log.warn("refused Authorization: Bearer {} and {}", TOKEN, JWT);
            log.info("key {}", "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----");
            log.error("sign-in failed", new IllegalStateException("could not parse username=alice&password=" + PASSWORD));
        }
    }

    private static URL bulwarkConfiguration() {
        URL url = LogOutput.class.getResource("/logback.xml");
        assertThat(url).as("Bulwark's logback.xml").isNotNull();
        assertThat(url.getPath()).endsWith("/classes/logback.xml");
        return url;
    }
}
