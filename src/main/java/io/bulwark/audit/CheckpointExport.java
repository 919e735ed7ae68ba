package io.bulwark.audit;

import java.io.IOException;

/** Port: a second place each signed checkpoint is copied to, out of reach of whoever owns the database. */
public interface CheckpointExport {

    /** Where it copies to, for logs (never a credential). */
    String name();

    /** Copies {@code checkpoint}; returns only once it is kept there. */
    void export(AuditCheckpoint checkpoint) throws IOException;
}
