package io.bulwark.store;

import io.bulwark.audit.AuditRecords;
import io.bulwark.audit.AuditTrail;

/** One storage backend, opened: its ports, closed together when the node stops. */
public interface Store extends AutoCloseable {

    ClientRepository clients();

    SigningKeyRepository signingKeys();

    ReplayGuard replayGuard();

    RevokedTokens revokedTokens();

    /** Where the gateway records each request, durably, before answering. */
    AuditTrail auditTrail();

    /** The audit chain, read back for verification and queries. */
    AuditRecords auditRecords();

    @Override
    void close();
}
