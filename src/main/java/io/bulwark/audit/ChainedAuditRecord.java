package io.bulwark.audit;

import java.time.Instant;

/**
 * An audit event as stored: its place in the chain, the columns kept for queries, the exact JSON
 * that was hashed, and the two hashes that tie it to the record before it.
 *
 * @param eventJson    the canonical JSON of the event (with {@code seq}), exactly as hashed
 * @param previousHash hex SHA-256 of the previous record (64 zeros for the first)
 * @param hash         hex SHA-256 of {@code previousHash}, a newline, and {@code eventJson}
 */
public record ChainedAuditRecord(long seq, Instant recordedAt, String requestId, String decision, int status,
                                 String clientId, String subject, String operation, String eventJson,
                                 String previousHash, String hash) {
}
