package io.bulwark.audit;

import java.time.Instant;

/**
 * An audit event as stored: its place in the chain, the columns kept for queries, the exact JSON
 * that was hashed, and the two hashes that tie it to the record before it.
 *
 * @param eventJson    the canonical JSON of the event (with {@code seq}), exactly as hashed
 * @param previousHash the hash of the previous record (64 zeros for the first)
 * @param hash         the {@code algorithm} of {@code previousHash}, a newline, and {@code eventJson}
 * @param algorithm    {@link AuditChain#HMAC_SHA256}, or {@link AuditChain#LEGACY_SHA256} for records written before V11
 */
public record ChainedAuditRecord(long seq, Instant recordedAt, String requestId, String decision, int status,
                                 String clientId, String subject, String operation, String eventJson,
                                 String previousHash, String hash, String algorithm) {
}
