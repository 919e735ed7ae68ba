package io.bulwark.audit;

import java.util.List;

/** Port: reads the audit chain back, for the verifier, the console and tests. */
public interface AuditRecords {

    /** Up to {@code limit} records with {@code seq > afterSeq}, in chain order. */
    List<ChainedAuditRecord> after(long afterSeq, int limit);

    /** The last record's sequence number and hash as the store's head row holds them. */
    AuditChain.Head head();
}
