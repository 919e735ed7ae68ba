package io.bulwark.audit;

import java.util.List;

/** Port: a store that commits a batch of audit events to the hash chain in one transaction. */
public interface AuditBatchWriter {

    /**
     * Appends {@code events} in order to the chain and commits them, all or none.
     *
     * @throws RuntimeException when nothing was committed
     */
    void write(List<AuditEvent> events);
}
