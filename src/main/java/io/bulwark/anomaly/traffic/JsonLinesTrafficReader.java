package io.bulwark.anomaly.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.anomaly.TrafficRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON Lines traffic (docs/ANOMALY.md, "Traffic files"): one JSON object a line, {@code method} and {@code url}
 * required, unknown fields ignored, blank lines skipped.
 */
public final class JsonLinesTrafficReader implements TrafficReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader in;
    private long line;
    private long position;

    public JsonLinesTrafficReader(Path file) throws IOException {
        this.file = file;
        // An InputStreamReader replaces malformed UTF-8 (a Latin-1 export, say) instead of failing the whole file.
        this.in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public TrafficRecord next() throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                return null;
            }
            line++;
            position += text.length() + 1;
        } while (text.isBlank());
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadTrafficRecord(file, line, "not a JSON object (" + e.getOriginalMessage()
                    + "); write one request per line as {\"method\": \"GET\", \"url\": \"/path?q=1\", ...}");
        }
        if (node == null || !node.isObject()) {
            throw new BadTrafficRecord(file, line, "not a JSON object; write one request per line as {\"method\": \"GET\", \"url\": \"/path?q=1\", ...}");
        }
        try {
            return record(node);
        } catch (IllegalArgumentException e) {
            throw new BadTrafficRecord(file, line, e.getMessage());
        }
    }

    private static TrafficRecord record(JsonNode node) {
        String method = JsonRecordFields.required(node, "method", "\"GET\"");
        String url = JsonRecordFields.path(JsonRecordFields.required(node, "url", "\"/bank/v1/payments?x=1\""));
        JsonNode bodyNode = node.get("body");
        String body = bodyNode == null || bodyNode.isNull() ? null : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
        return new TrafficRecord(JsonRecordFields.text(node, "id"), JsonRecordFields.time(JsonRecordFields.text(node, "time")),
                JsonRecordFields.text(node, "client_id"), JsonRecordFields.text(node, "sub"), JsonRecordFields.text(node, "source"),
                method, url, JsonRecordFields.headers(node), body, JsonRecordFields.status(node),
                JsonRecordFields.label(JsonRecordFields.text(node, "label")));
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
