package io.bulwark.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events a webhook never took, as JSON lines in the data folder ({@code dead-letter.jsonl}), at most {@code capacity}
 * of them: when full, the oldest line is dropped and counted. Each line names the webhook, the attempts, the last error
 * and the event exactly as it would have been sent, for an operator to replay.
 */
public final class DeadLetterFile {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "dead-letter.jsonl";

    private final Path file;
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private DeadLetterFile(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** The dead-letter file in {@code dir}, with what it already holds (its newest {@code capacity} lines). */
    public static DeadLetterFile open(Path dir, int capacity) {
        DeadLetterFile deadLetters = new DeadLetterFile(dir.resolve(FILE), capacity);
        try {
            Files.createDirectories(dir);
            if (Files.exists(deadLetters.file)) {
                for (String line : Files.readAllLines(deadLetters.file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        deadLetters.keep(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the dead-letter file in " + dir + " cannot be read", e);
        }
        return deadLetters;
    }

    /** Keeps {@code event}, given up on for the webhook at {@code url}; never throws (a full disk is logged). */
    public synchronized void add(String url, OutboundEvent event, int attempts, String lastError, Instant now) {
        ObjectNode line = JSON.createObjectNode();
        line.put("dead_at", now.toString());
        line.put("webhook", url);
        line.put("attempts", attempts);
        line.put("last_error", lastError);
        try {
            line.set("event", JSON.readTree(event.json()));
            keep(JSON.writeValueAsString(line));
            added.incrementAndGet();
            Path next = file.resolveSibling(FILE + ".next");
            Files.writeString(next, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (JsonProcessingException e) {
            LOG.error("security event {} could not be written to the dead-letter file: {}", event.id(), e.getOriginalMessage());
        } catch (IOException e) {
            LOG.error("security event {} could not be written to the dead-letter file {}: {}", event.id(), file, e.getMessage());
        }
    }

    private void keep(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
            long count = dropped.incrementAndGet();
            LOG.warn("dead-letter file {} is full ({} events): its oldest event was dropped, {} so far", file, capacity, count);
        }
        lines.addLast(line);
    }

    /** Events given up on since start. */
    public long added() {
        return added.get();
    }

    /** Oldest events dropped since start because the file was full. */
    public long dropped() {
        return dropped.get();
    }

    public Path file() {
        return file;
    }
}
