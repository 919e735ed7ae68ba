package io.bulwark.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link AuditTrail} that commits concurrent appends together (group commit): one writer thread
 * takes every event waiting and writes them in one transaction, and each caller returns once its
 * own event is committed. Under load a commit carries many requests; alone, a request waits for
 * one commit, as it would without batching. Each record is linked with the keyed {@link AuditChain}, and
 * after each commit the {@link AuditTailAnchor} moves to the new head, unless the chain no longer
 * continues from the anchored record (its end was cut and rewritten): then the anchor keeps that
 * evidence for the next verification.
 */
public final class GroupCommitAuditTrail implements AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAuditTrail.class);
    private static final int MAX_BATCH = 512;

    private record Pending(AuditEvent event, CompletableFuture<Void> committed) {
    }

    private final AuditBatchWriter writer;
    private final AuditChain chain;
    private final AuditTailAnchor anchor;
    private final Duration timeout;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    // The head this node's last commit reached: what its checkpoints sign (never a head read back from the database).
    private volatile Optional<AuditChain.Head> lastCommitted = Optional.empty();
    // Written by the writer thread alone, read by the metrics: batches committed, events in them, time spent committing.
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    // Only the writer thread touches these two: the head this node anchored last, and whether the anchor is held.
    private Optional<AuditChain.Head> anchored;
    private boolean anchorHeld;

    /**
     * @param writer  the store
     * @param chain   the keyed chain every record is linked with
     * @param anchor  this node's tail anchor, moved after each commit
     * @param timeout how long a caller waits for its commit before the event counts as not recorded
     */
    public GroupCommitAuditTrail(AuditBatchWriter writer, AuditChain chain, AuditTailAnchor anchor, Duration timeout) {
        this.writer = writer;
        this.chain = chain;
        this.anchor = anchor;
        this.timeout = timeout;
        try {
            this.anchored = anchor.read();
        } catch (AuditTailAnchor.InvalidAnchorException e) {
            // Never overwrite what may be evidence; the verification reports it and names the fix.
            this.anchored = Optional.empty();
            this.anchorHeld = true;
            LOG.warn("{}; the anchor is left as it is until an operator checks the chain (`bulwark audit verify`)", e.getMessage());
        }
        this.thread = Thread.ofPlatform().name("bulwark-audit-writer").daemon(true).start(this::run);
    }

    @Override
    public void append(AuditEvent event) {
        if (closed) {
            throw new AuditUnavailableException("the audit trail is closed", null);
        }
        Pending pending = new Pending(event, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.committed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit store failed to commit the event", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit store did not commit the event within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit store", e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (closed) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            long started = System.nanoTime();
            try {
                AuditBatchWriter.Extension extension = writer.write(batch.stream().map(Pending::event).toList(), chain);
                lastCommitted = Optional.of(extension.to());
                moveAnchor(extension);
                commitNanos.addAndGet(System.nanoTime() - started);
                commits.incrementAndGet();
                committedEvents.addAndGet(batch.size());
                batch.forEach(p -> p.committed().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.committed().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /**
     * Before the callers are answered, so every answered request is under the anchor; one in-place write of about
     * ten microseconds per batch. A failure to write it is logged and does not fail the committed events.
     */
    private void moveAnchor(AuditBatchWriter.Extension extension) {
        if (anchorHeld) {
            return;
        }
        AuditChain.Head from = extension.from();
        if (anchored.isPresent() && (from.seq() < anchored.get().seq()
                || from.seq() == anchored.get().seq() && !from.hash().equals(anchored.get().hash()))) {
            // The chain this batch extended does not continue from the record anchored last: its end was cut.
            anchorHeld = true;
            LOG.warn("the audit chain's head (record {}) does not continue from record {}, the last this node anchored: the newest "
                    + "records were removed or rewritten; the tail anchor keeps record {} as evidence", from.seq(), anchored.get().seq(),
                    anchored.get().seq());
            return;
        }
        try {
            anchor.record(extension.to());
            anchored = Optional.of(extension.to());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not move the audit tail anchor {} to record {}: {}", anchor.file(), extension.to().seq(), e.toString());
        }
    }

    /** The chain head this node's latest commit reached, empty before its first. */
    public Optional<AuditChain.Head> lastCommitted() {
        return lastCommitted;
    }

    /** Events waiting for the writer now. */
    public int queueDepth() {
        return queue.size();
    }

    /** Batches committed so far. */
    public long commits() {
        return commits.get();
    }

    /** Events committed so far, over all batches. */
    public long committedEvents() {
        return committedEvents.get();
    }

    /** Time spent writing the committed batches (chain extension and anchor move), in nanoseconds. */
    public long commitNanos() {
        return commitNanos.get();
    }

    /** Commits what is queued, then stops the writer; later appends fail. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.committed().completeExceptionally(new IllegalStateException("the audit trail closed before this event was written"));
        }
        anchor.close();
    }
}
