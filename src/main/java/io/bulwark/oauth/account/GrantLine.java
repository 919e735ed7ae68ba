package io.bulwark.oauth.account;

import io.bulwark.oauth.consent.ConsentView;

import java.time.Instant;
import java.util.Objects;

/**
 * One grant as the user's grants page shows it, already in words.
 *
 * @param grantId   the grant, which the page's revoke button sends back
 * @param granted   the client's name and what it was allowed, in the consent page's words
 * @param createdAt when the user consented
 * @param revokedAt when it was revoked, or null while it stands
 */
public record GrantLine(String grantId, ConsentView granted, Instant createdAt, Instant revokedAt) {

    public GrantLine {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
