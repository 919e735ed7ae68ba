package io.bulwark.oauth.grants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the grants users have given. */
public interface GrantStore {

    /** Records a new grant; its id must be new. */
    void create(Grant grant);

    Optional<Grant> find(String grantId);

    /** Every grant of {@code subject}, oldest first. */
    List<Grant> ofSubject(String subject);

    /** Every grant, oldest first, of {@code subject} and of {@code clientId}; a null filter matches all. */
    List<Grant> list(String subject, String clientId);

    /**
     * Marks the grant revoked at {@code at}, unless it already is.
     *
     * @return true if this call revoked it
     */
    boolean revoke(String grantId, Instant at);
}
