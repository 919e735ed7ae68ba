package io.bulwark.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seals the records written before the keyed chain (V11) with a keyed record at a node's first start on them, so that
 * a chain whose newest record is unkeyed is never intact: rewriting the old records as plain SHA-256 and dropping the
 * keyed ones after them (no key needed) is then caught by {@link AuditChainVerifier} even without the tail anchor.
 */
public final class LegacyChainSeal {

    /** The reason the seal record carries. */
    public static final String REASON = "audit_chain_sealed";

    private LegacyChainSeal() {
    }

    /** Appends a seal record when the chain's newest record is unkeyed; true when it did. */
    public static boolean sealIfUnkeyed(AuditRecords records, AuditTrail trail, Instant now) {
        AuditChain.Head head = records.head();
        if (head.seq() == 0) {
            return false;
        }
        List<ChainedAuditRecord> newest = records.after(head.seq() - 1, 1);
        if (newest.isEmpty() || AuditChain.HMAC_SHA256.equals(newest.getFirst().algorithm())) {
            return false;
        }
        trail.append(new AuditEvent(now, RequestIds.next(), AuditDecision.ALLOWED, REASON, null, 200, "SEAL", "/",
                null, null, Map.of(), null, null, null, 0, 0, 0, java.util.OptionalLong.empty()));
        return true;
    }
}
