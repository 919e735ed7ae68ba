package io.bulwark.audit;

import java.util.List;

/** Port: finds audit records by the indexed columns, for {@code bulwark audit search} and {@code export}. */
public interface AuditSearch {

    /** Up to {@code limit} records matching {@code query} with {@code seq > afterSeq}, in chain order. */
    List<ChainedAuditRecord> find(AuditQuery query, long afterSeq, int limit);
}
