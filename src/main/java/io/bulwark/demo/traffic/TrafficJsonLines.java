package io.bulwark.demo.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Writes traffic as the anomaly issue's JSON Lines, one request a line with exactly the fields {@code id, time,
 * client_id, sub, source, method, url, headers, body, status, label} ({@code label}: {@code normal} or {@code attack}),
 * and the attacks' labels beside it: one line per attack with its kind, actor, start, end and request ids.
 */
public final class TrafficJsonLines {

    /** The request fields, in the order they are written. */
    public static final java.util.List<String> FIELDS = java.util.List.of("id", "time", "client_id", "sub", "source", "method", "url",
            "headers", "body", "status", "label");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrafficJsonLines() {
    }

    /** One request as its line (no line break). {@code time} and {@code status} may differ from the plan: what really happened. */
    public static String line(PlannedRequest request, Instant time, int status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", request.id());
        node.put("time", time.toString());
        node.put("client_id", request.clientId());
        node.put("sub", request.subject());
        node.put("source", request.source());
        node.put("method", request.method());
        node.put("url", request.url());
        ObjectNode headers = node.putObject("headers");
        request.headers().forEach(headers::put);
        node.put("body", request.body());
        node.put("status", status);
        node.put("label", request.isAttack() ? "attack" : "normal");
        return write(node);
    }

    /** One attack's label line: {@code id, kind, client_id, sub, sources, targets, start, end, requests}. */
    public static String attackLine(Attack attack) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", attack.id());
        node.put("kind", attack.kind().label());
        node.put("client_id", attack.clientId());
        node.put("sub", attack.subject());
        attack.sources().forEach(node.putArray("sources")::add);
        attack.targets().forEach(node.putArray("targets")::add);
        node.put("start", attack.start().toString());
        node.put("end", attack.end().toString());
        attack.requestIds().forEach(node.putArray("requests")::add);
        return write(node);
    }

    /** Writes {@code traffic} to {@code requests} and its attacks to {@code labels}, each whole or not at all. */
    public static void write(GeneratedTraffic traffic, Path requests, Path labels) {
        writeAtomically(requests, out -> {
            for (PlannedRequest request : traffic.requests()) {
                out.write(line(request, request.time(), request.status()));
                out.write('\n');
            }
        });
        writeLabels(traffic.attacks(), labels);
    }

    /**
     * Writes what a live run sent: each request under the gateway's {@code X-Request-Id} when it got one (the id alerts
     * name), at the time it was sent, with the status it got and the loopback address it left from; skipped and failed
     * requests are left out. The labels name the same ids.
     */
    public static void write(LiveRun run, Path requests, Path labels) {
        writeAtomically(requests, out -> {
            for (SentRequest sent : run.requests()) {
                if (sent.sent()) {
                    PlannedRequest request = sent.requestId() == null ? sent.request() : sent.request().withId(sent.requestId());
                    out.write(line(request, sent.sentAt(), sent.status()));
                    out.write('\n');
                }
            }
        });
        writeLabels(run.attacks(), labels);
    }

    private static void writeLabels(java.util.List<Attack> attacks, Path labels) {
        writeAtomically(labels, out -> {
            for (Attack attack : attacks) {
                out.write(attackLine(attack));
                out.write('\n');
            }
        });
    }

    /** The labels file that goes with a traffic file: {@code traffic.jsonl} → {@code traffic.attacks.jsonl}. */
    public static Path labelsFileFor(Path requests) {
        String name = requests.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return requests.resolveSibling(stem + ".attacks.jsonl");
    }

    interface Lines {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes to a temporary file beside {@code target}, then moves it into place, so a failure leaves no half-written file. */
    static void writeAtomically(Path target, Lines lines) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                lines.writeTo(out);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure is the one to report.
                }
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a traffic line could not be written as JSON", e);
        }
    }
}
