package io.bulwark.oauth.grants;

import io.bulwark.oauth.rar.AuthorizationDetail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one user allowed one client, as consented.
 *
 * @param grantId   random identifier, carried by every token issued from the grant as {@code grant_id}
 * @param subject   the user
 * @param clientId  the client
 * @param scopes    the scopes granted
 * @param details   the authorization details granted (possibly fewer accounts than asked)
 * @param createdAt when the user consented
 * @param revokedAt when it was revoked, or null while it stands
 */
public record Grant(String grantId, String subject, String clientId, Set<String> scopes, List<AuthorizationDetail> details,
                    Instant createdAt, Instant revokedAt) {

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = Set.copyOf(scopes);
        details = List.copyOf(details);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
