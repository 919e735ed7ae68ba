package io.bulwark.audit;

import java.util.List;

/** Port: a store that commits a batch of audit events to the chain in one transaction. */
public interface AuditBatchWriter {

    /** Where a committed batch started (the head it extended) and where it left the chain's head. */
    record Extension(AuditChain.Head from, AuditChain.Head to) {
    }

    /**
     * Appends {@code events} in order to the chain, each linked with {@code chain}, and commits them, all or none.
     *
     * @throws RuntimeException when nothing was committed
     */
    Extension write(List<AuditEvent> events, AuditChain chain);
}
