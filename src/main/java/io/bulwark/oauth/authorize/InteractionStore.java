package io.bulwark.oauth.authorize;

import java.time.Instant;
import java.util.Optional;

/** Port: sign-ins in progress, keyed by the hash of the browser's session cookie. */
public interface InteractionStore {

    void create(String sessionHash, Interaction interaction);

    /** The sign-in, if it exists and has not expired at {@code now}. */
    Optional<Interaction> find(String sessionHash, Instant now);

    /**
     * Moves the sign-in from stage {@code from} to {@code to}, signed in as {@code username}, and files
     * it under {@code newSessionHash} from now on (the same hash to keep it). Atomic: false if it was
     * no longer at {@code from} (another request moved it first) or is gone.
     */
    boolean advance(String sessionHash, Interaction.Stage from, Interaction.Stage to, String username,
                    String newSessionHash);

    /** Ends the sign-in; true for exactly one caller, so that one sign-in yields at most one answer. */
    boolean finish(String sessionHash);
}
