package io.bulwark.runtime;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.gateway.TokenStatus;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.store.Store;

/** The gateway's {@link TokenStatus} answered from the store the authorization server writes to. */
final class StoreTokenStatus implements TokenStatus {

    private final Store store;
    private final GrantStore grants;

    StoreTokenStatus(Store store, GrantStore grants) {
        this.store = store;
        this.grants = grants;
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

    @Override
    public boolean grantRevoked(String grantId) {
        // A grant_id this store does not know cannot be vouched for: fail closed, as for clients.
        return grants.find(grantId).map(Grant::revoked).orElse(true);
    }
}
