package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit trail's signed checkpoints ({@code audit.checkpoints} in {@code bulwark.yaml}): how often the chain head is
 * signed, and the second places each checkpoint is copied to, out of reach of whoever owns the database.
 *
 * @param everyRecords a checkpoint once the chain has grown by this many records since the last one
 * @param every        a checkpoint once this long has passed since the last one, if the chain grew at all
 * @param file         an append-only JSON Lines file each checkpoint is added to
 * @param webhook      an HTTPS URL each checkpoint is POSTed to, with the CA that signs its certificate if not a public one
 */
public record AuditConfig(long everyRecords, Duration every, Optional<Path> file, Optional<Webhook> webhook) {

    public static final long DEFAULT_EVERY_RECORDS = 1_000;
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(60);

    /** Where checkpoints are POSTed; {@code ca} replaces the JDK's trusted authorities when present. */
    public record Webhook(URI url, Optional<Path> ca) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(ca, "ca");
        }
    }

    public AuditConfig {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("everyRecords must be at least 1");
        }
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(webhook, "webhook");
    }

    /** Checkpoints every 1,000 records or 60 seconds, kept in the store only. */
    public static AuditConfig defaults() {
        return new AuditConfig(DEFAULT_EVERY_RECORDS, DEFAULT_EVERY, Optional.empty(), Optional.empty());
    }
}
