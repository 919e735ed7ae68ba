package io.bulwark.oauth.account;

import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.consent.Consent;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.users.User;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;

/**
 * A signed-in user's own grants: listed newest first in the consent page's words, and revoked one at a
 * time with the same {@link GrantStore#revoke} the operators' CLI and the clients' API use. Only the user's
 * own standing grants can be revoked; any other id changes nothing.
 */
public final class OwnGrants {

    private final GrantStore grants;
    private final ClientRepository clients;
    private final Consent consent;
    private final InstantSource clock;

    public OwnGrants(GrantStore grants, ClientRepository clients, Consent consent, InstantSource clock) {
        this.grants = grants;
        this.clients = clients;
        this.consent = consent;
        this.clock = clock;
    }

    /** Every grant {@code user} has given, newest first. */
    public List<GrantLine> of(User user) {
        return grants.ofSubject(user.subject()).stream()
                .sorted(Comparator.comparing(Grant::createdAt).reversed())
                .map(grant -> new GrantLine(grant.grantId(), consent.view(clientName(grant.clientId()), user.subject(),
                        user.displayName(), grant.scopes(), grant.details()), grant.createdAt(), grant.revokedAt()))
                .toList();
    }

    /**
     * Revokes {@code grantId} if it is a standing grant of {@code user}; every token from it stops working
     * (the gateway within its status cache, refresh and introspection at once).
     *
     * @return false, changing nothing, for another user's, an unknown or an already revoked grant
     */
    public boolean revoke(User user, String grantId) {
        if (grantId == null || grantId.isEmpty()) {
            return false;
        }
        boolean own = grants.find(grantId).filter(g -> g.subject().equals(user.subject())).filter(g -> !g.revoked()).isPresent();
        return own && grants.revoke(grantId, clock.instant());
    }

    private String clientName(String clientId) {
        return clients.find(clientId).map(RegisteredClient::name).orElse(clientId);
    }
}
