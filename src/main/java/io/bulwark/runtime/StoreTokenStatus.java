package io.bulwark.runtime;

import io.bulwark.gateway.TokenStatus;
import io.bulwark.store.RegisteredClient;
import io.bulwark.store.Store;

/** The gateway's {@link TokenStatus} answered from the store the authorization server writes to. */
final class StoreTokenStatus implements TokenStatus {

    private final Store store;

    StoreTokenStatus(Store store) {
        this.store = store;
    }

    @Override
    public boolean revoked(String jti) {
        return store.revokedTokens().isRevoked(jti);
    }

    @Override
    public boolean clientDisabled(String clientId) {
        // An unknown client is treated as disabled: fail closed.
        return store.clients().find(clientId).map(RegisteredClient::disabled).orElse(true);
    }
}
