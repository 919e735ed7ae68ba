package io.bulwark.oauth.users;

import java.util.Optional;

/** Port: the users who can sign in. */
public interface UserRepository {

    /** The user signing in as {@code username}, if any. */
    Optional<User> find(String username);

    /** Creates the user, or replaces the one with the same username. */
    void save(User user);

    /**
     * Records that the TOTP code of time step {@code step} was accepted, unless that step or a later
     * one was already used (RFC 6238 §5.2: an OTP is accepted once). Atomic across nodes.
     *
     * @return true if this is the first use of {@code step} or later
     */
    boolean useTotpStep(String username, long step);
}
