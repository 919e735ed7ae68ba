package io.bulwark.store;

import io.bulwark.audit.AuditBatchWriter;
import io.bulwark.audit.AuditRecords;
import io.bulwark.clients.ClientRepository;

/** One storage backend, opened: its ports, closed together when the node stops. */
public interface Store extends AutoCloseable {

    ClientRepository clients();

    /** The authorization server's access-token signing keys. */
    default SigningKeyRepository signingKeys() {
        return signingKeys(KeyPurpose.ACCESS_TOKENS);
    }

    /** The signing keys of one purpose, apart from every other purpose's. */
    SigningKeyRepository signingKeys(KeyPurpose purpose);

    ReplayGuard replayGuard();

    /** One-time uses reserved while their outcome is pending (consented payments in flight), in the database. */
    OneTimeReservations reservations();

    RevokedTokens revokedTokens();

    /**
     * Where the audit chain is appended; the store holds no key, so the node links each batch with its keyed
     * chain (see {@link io.bulwark.audit.GroupCommitAuditTrail}).
     */
    AuditBatchWriter auditWriter();

    /** The audit chain, read back for verification and queries. */
    AuditRecords auditRecords();

    /** The audit chain's records found by request id, client, user, status and time. */
    io.bulwark.audit.AuditSearch auditSearch();

    /** The audit chain's signed checkpoints. */
    io.bulwark.audit.AuditCheckpoints auditCheckpoints();

    /** Failed-authentication counters for the authentication guard (used when no Redis is configured). */
    FailureCounters failureCounters();

    @Override
    void close();
}
