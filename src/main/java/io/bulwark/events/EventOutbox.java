package io.bulwark.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The webhooks' durable outbox: an append-only journal of JSON lines in the data folder, each event written and
 * forced to disk before {@link #append} returns, so that an event an emitter has handed over survives a crash or a
 * restart. Deliveries read it from memory by sequence number and keep their own {@link DeliveryCursor}; what every
 * webhook has passed is dropped from the file ({@link #compactThrough}).
 */
public final class EventOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    static final String FILE = "outbox.jsonl";

    /** One journaled event: its sequence number, when it was handed over (for the give-up rule) and the event. */
    public record Entry(long seq, Instant enqueuedAt, OutboundEvent event) {
    }

    private final Path file;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final List<Entry> entries = new ArrayList<>();
    private FileChannel channel;
    private long lastSeq;
    private boolean closed;

    private EventOutbox(Path file, int capacity, List<Entry> entries, long lastSeq) throws IOException {
        this.file = file;
        this.capacity = capacity;
        this.entries.addAll(entries);
        this.lastSeq = lastSeq;
        rewrite();
    }

    /**
     * Opens (or creates) the outbox in {@code dir}; {@code deliveredUpTo} is the highest sequence number any cursor has
     * reached, so numbering continues past it even when the file was emptied. A torn last line (a crash while writing,
     * so never acknowledged to its emitter) is dropped. At most {@code capacity} undelivered events are held (in the
     * file and in memory); beyond that {@link #append} refuses, so a long outage cannot exhaust memory or disk.
     */
    public static EventOutbox open(Path dir, long deliveredUpTo, int capacity) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            List<Entry> entries = new ArrayList<>();
            long last = deliveredUpTo;
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Optional<Entry> entry = parse(line);
                    if (entry.isEmpty()) {
                        LOG.warn("security event outbox {}: an unreadable line was skipped", file);
                        continue;
                    }
                    entries.add(entry.get());
                    last = Math.max(last, entry.get().seq());
                }
            }
            return new EventOutbox(file, capacity, entries, last);
        } catch (IOException e) {
            throw new UncheckedIOException("the security event outbox in " + dir + " cannot be opened", e);
        }
    }

    /** Journals {@code event} and forces it to disk; returns its sequence number. */
    public long append(OutboundEvent event, Instant now) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("the security event outbox is closed");
            }
            if (entries.size() >= capacity) {
                throw new IOException("the security event outbox is full (" + capacity + " undelivered events)");
            }
            Entry entry = new Entry(lastSeq + 1, now, event);
            channel.write(ByteBuffer.wrap(line(entry).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            lastSeq = entry.seq();
            entries.add(entry);
            appended.signalAll();
            return entry.seq();
        } finally {
            lock.unlock();
        }
    }

    /** The first entry after {@code seq}, waiting at most {@code wait} for one to be appended. */
    public Optional<Entry> next(long seq, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                int index = firstAfter(seq);
                if (index < entries.size()) {
                    return Optional.of(entries.get(index));
                }
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    return Optional.empty();
                }
                appended.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many journaled events have a sequence number above {@code seq}. */
    public int pendingAfter(long seq) {
        lock.lock();
        try {
            return entries.size() - firstAfter(seq);
        } finally {
            lock.unlock();
        }
    }

    // The index of the first entry numbered above seq (entries are in ascending order), or size() if none.
    private int firstAfter(long seq) {
        int low = 0;
        int high = entries.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entries.get(middle).seq() > seq) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Drops the entries up to {@code seq} (every webhook has passed them) from memory and from the file. */
    public void compactThrough(long seq) throws IOException {
        lock.lock();
        try {
            if (closed || entries.isEmpty() || entries.getFirst().seq() > seq) {
                return;
            }
            entries.removeIf(entry -> entry.seq() <= seq);
            rewrite();
        } finally {
            lock.unlock();
        }
    }

    /** The highest sequence number handed out. */
    public long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    // Writes the kept entries to a new file and moves it over the old one, so a crash leaves one or the other whole.
    private void rewrite() throws IOException {
        if (channel != null) {
            channel.close();
        }
        Path next = file.resolveSibling(FILE + ".next");
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(line(entry)));
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    // One line: seq, hand-over time (epoch ms), id, type, event time, then the event's JSON, which has no line break.
    private static String line(Entry entry) {
        OutboundEvent event = entry.event();
        return entry.seq() + " " + entry.enqueuedAt().toEpochMilli() + " " + event.id() + " " + event.type() + " " + event.at()
                + " " + event.json() + "\n";
    }

    private static Optional<Entry> parse(String line) {
        String[] parts = line.split(" ", 6);
        if (parts.length != 6 || !parts[5].startsWith("{") || !parts[5].endsWith("}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(Long.parseLong(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    new OutboundEvent(parts[2], parts[3], Instant.parse(parts[4]), parts[5])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
            channel.close();
        } catch (IOException e) {
            LOG.warn("security event outbox {} did not close cleanly: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
