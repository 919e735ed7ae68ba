package io.bulwark.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link AuditTrail} that commits concurrent appends together (group commit): one writer thread
 * takes every event waiting and writes them in one transaction, and each caller returns once its
 * own event is committed. Under load a commit carries many requests; alone, a request waits for
 * one commit, as it would without batching.
 */
public final class GroupCommitAuditTrail implements AuditTrail, AutoCloseable {

    private static final int MAX_BATCH = 512;

    private record Pending(AuditEvent event, CompletableFuture<Void> committed) {
    }

    private final AuditBatchWriter writer;
    private final Duration timeout;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param writer  the store
     * @param timeout how long a caller waits for its commit before the event counts as not recorded
     */
    public GroupCommitAuditTrail(AuditBatchWriter writer, Duration timeout) {
        this.writer = writer;
        this.timeout = timeout;
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
            try {
                writer.write(batch.stream().map(Pending::event).toList());
                batch.forEach(p -> p.committed().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.committed().completeExceptionally(e));
            }
            batch.clear();
        }
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
    }
}
