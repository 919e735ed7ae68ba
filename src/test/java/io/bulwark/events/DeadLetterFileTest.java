package io.bulwark.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.audit.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter file is bounded: when full, the oldest event goes and is counted; it survives a reopen. */
class DeadLetterFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestEventsUpToItsCapacityAndCountsWhatItDrops() throws Exception {
        DeadLetterFile deadLetters = DeadLetterFile.open(dir, 3);
        for (int i = 1; i <= 5; i++) {
            OutboundEvent event = OutboundEvent.of(new SecurityEvent(NOW, "event_" + i, "r" + i, null, Map.of()));
            deadLetters.add("https://siem.example/x", event, 7, "HTTP 500", NOW);
        }

        List<String> lines = Files.readAllLines(deadLetters.file());
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().map(line -> read(line).path("event").path("type").asText())).containsExactly("event_3", "event_4", "event_5");
        JsonNode last = read(lines.getLast());
        assertThat(last.path("webhook").asText()).isEqualTo("https://siem.example/x");
        assertThat(last.path("attempts").asInt()).isEqualTo(7);
        assertThat(last.path("last_error").asText()).isEqualTo("HTTP 500");
        assertThat(deadLetters.added()).isEqualTo(5);
        assertThat(deadLetters.dropped()).isEqualTo(2);

        DeadLetterFile reopened = DeadLetterFile.open(dir, 3);
        reopened.add("https://siem.example/x", OutboundEvent.of(new SecurityEvent(NOW, "event_6", "r6", null, Map.of())), 1, "HTTP 400", NOW);
        assertThat(Files.readAllLines(reopened.file()).stream().map(line -> read(line).path("event").path("type").asText()))
                .containsExactly("event_4", "event_5", "event_6");
        assertThat(reopened.dropped()).isEqualTo(1);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
