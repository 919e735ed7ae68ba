package io.bulwark.store;

/** One storage backend, opened: its ports, closed together when the node stops. */
public interface Store extends AutoCloseable {

    ClientRepository clients();

    SigningKeyRepository signingKeys();

    ReplayGuard replayGuard();

    /** Failed-authentication counters for the authentication guard (used when no Redis is configured). */
    FailureCounters failureCounters();

    @Override
    void close();
}
