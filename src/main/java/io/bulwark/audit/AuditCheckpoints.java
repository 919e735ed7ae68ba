package io.bulwark.audit;

import java.util.List;
import java.util.Optional;

/** Port: the signed checkpoints of the audit chain, kept in the store beside it. */
public interface AuditCheckpoints {

    /** Keeps {@code checkpoint}; a checkpoint of the same record kept already (by another node) is left as it is. */
    void add(AuditCheckpoint checkpoint);

    /** Every checkpoint, in chain order. */
    List<AuditCheckpoint> all();

    /** The checkpoint of the newest record, if any. */
    Optional<AuditCheckpoint> latest();
}
