package io.bulwark.store;

import io.bulwark.audit.AuditRecords;
import io.bulwark.audit.AuditTrail;

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

    /** Where the gateway records each request, durably, before answering. */
    AuditTrail auditTrail();

    /** The audit chain, read back for verification and queries. */
    AuditRecords auditRecords();

    /** Failed-authentication counters for the authentication guard (used when no Redis is configured). */
    FailureCounters failureCounters();

    @Override
    void close();
}
