package io.bulwark.store;

/** One storage backend, opened: its ports, closed together when the node stops. */
public interface Store extends AutoCloseable {

    ClientRepository clients();

    SigningKeyRepository signingKeys();

    ReplayGuard replayGuard();

    RevokedTokens revokedTokens();

    @Override
    void close();
}
