package io.bulwark.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signs the chain head this node committed every {@code everyRecords} records or every {@code every} (whichever comes
 * first, if the chain grew), keeps the checkpoint in the store and copies it to each {@link CheckpointExport}. Only a
 * head this node wrote itself is signed, never one read back from the database, so a checkpoint cannot vouch for
 * records an intruder put there. A copy that fails is retried at the next checkpoint (at most {@link #MAX_UNDELIVERED}
 * kept per export) and reported as an {@code audit_checkpoint_export_failed} security event.
 */
public final class AuditCheckpointer {

    /** Checkpoints kept for a failing export before the oldest are given up (each is logged). */
    static final int MAX_UNDELIVERED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final Supplier<Optional<AuditChain.Head>> committed;
    private final AuditCheckpoints checkpoints;
    private final AuditCheckpointSigner signer;
    private final Map<CheckpointExport, Deque<AuditCheckpoint>> exports = new LinkedHashMap<>();
    private final long everyRecords;
    private final Duration every;
    private final SecurityEventSink events;
    private final InstantSource clock;
    private long lastSeq;
    private Instant lastAt;

    /**
     * @param committed the head this node committed last (empty before its first commit)
     */
    public AuditCheckpointer(Supplier<Optional<AuditChain.Head>> committed, AuditCheckpoints checkpoints, AuditCheckpointSigner signer,
                             List<CheckpointExport> exports, long everyRecords, Duration every, SecurityEventSink events,
                             InstantSource clock) {
        this.committed = committed;
        this.checkpoints = checkpoints;
        this.signer = signer;
        exports.forEach(export -> this.exports.put(export, new ArrayDeque<>()));
        this.everyRecords = everyRecords;
        this.every = every;
        this.events = events;
        this.clock = clock;
        // Not the store's newest checkpoint: a row an intruder added far ahead would silence this node's checkpoints.
        this.lastSeq = 0;
        this.lastAt = clock.instant();
    }

    /** Signs the committed head when a checkpoint is due; the schedule calls it every second. */
    public synchronized Optional<AuditCheckpoint> checkpointIfDue() {
        Optional<AuditChain.Head> head = committed.get();
        Instant now = clock.instant();
        if (head.isEmpty() || head.get().seq() <= lastSeq
                || head.get().seq() - lastSeq < everyRecords && Duration.between(lastAt, now).compareTo(every) < 0) {
            return Optional.empty();
        }
        return Optional.of(checkpoint(head.get(), now));
    }

    /** Signs the committed head now if it is not signed yet: at close, after the trail's last record. */
    public synchronized Optional<AuditCheckpoint> checkpointNow() {
        Optional<AuditChain.Head> head = committed.get();
        if (head.isEmpty() || head.get().seq() <= lastSeq) {
            return Optional.empty();
        }
        return Optional.of(checkpoint(head.get(), clock.instant()));
    }

    private AuditCheckpoint checkpoint(AuditChain.Head head, Instant now) {
        AuditCheckpoint checkpoint = signer.sign(head, now);
        checkpoints.add(checkpoint);
        lastSeq = head.seq();
        lastAt = now;
        exports.forEach((export, undelivered) -> deliver(export, undelivered, checkpoint));
        return checkpoint;
    }

    private void deliver(CheckpointExport export, Deque<AuditCheckpoint> undelivered, AuditCheckpoint checkpoint) {
        undelivered.addLast(checkpoint);
        while (undelivered.size() > MAX_UNDELIVERED) {
            LOG.warn("audit checkpoint of record {} given up for {} after {} failed copies", undelivered.removeFirst().seq(), export.name(),
                    MAX_UNDELIVERED);
        }
        while (!undelivered.isEmpty()) {
            try {
                export.export(undelivered.peekFirst());
                undelivered.removeFirst();
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not copy the audit checkpoint of record {} to {}: {}; retried at the next checkpoint",
                        undelivered.peekFirst().seq(), export.name(), e.toString());
                Map<String, String> details = new LinkedHashMap<>();
                details.put("export", export.name());
                details.put("record", Long.toString(undelivered.peekFirst().seq()));
                details.put("waiting", Integer.toString(undelivered.size()));
                events.record(new SecurityEvent(clock.instant(), "audit_checkpoint_export_failed", RequestIds.next(), null, details));
                return;
            }
        }
    }
}
