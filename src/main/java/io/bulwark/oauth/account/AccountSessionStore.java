package io.bulwark.oauth.account;

import java.time.Instant;
import java.util.Optional;

/** Port: account-page sessions, keyed by the hash of the browser's session cookie. */
public interface AccountSessionStore {

    void create(String sessionHash, AccountSession session);

    /** The session, if it exists and has not expired at {@code now}. */
    Optional<AccountSession> find(String sessionHash, Instant now);

    /**
     * Moves the session from {@code from} to {@code to}, signed in as {@code username}, filed under
     * {@code newSessionHash} with {@code newCsrfToken} from now on. Atomic: false if it was no longer at
     * {@code from} (another request moved it first) or is gone.
     */
    boolean advance(String sessionHash, AccountSession.Stage from, AccountSession.Stage to, String username,
                    String newSessionHash, String newCsrfToken);

    /** Ends the session; true for exactly one caller. */
    boolean end(String sessionHash);
}
