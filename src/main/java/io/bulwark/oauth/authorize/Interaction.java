package io.bulwark.oauth.authorize;

import io.bulwark.oauth.par.PushedRequest;

import java.time.Instant;
import java.util.Objects;

/**
 * One browser's sign-in in progress, from the pushed request it started with to its consent.
 *
 * @param csrfToken the token every form of this sign-in must send back (compared in constant time)
 * @param stage     where the sign-in stands
 * @param username  who signed in with their password, or null before that
 * @param request   the pushed authorization request being answered
 * @param expiresAt when the sign-in is abandoned
 */
public record Interaction(String csrfToken, Stage stage, String username, PushedRequest request, Instant expiresAt) {

    /** The steps of a sign-in, in order. */
    public enum Stage {
        /** Waiting for username and password. */
        LOGIN,
        /** Password accepted; waiting for the TOTP code (strong customer authentication before a payment). */
        SECOND_FACTOR,
        /** Authenticated as far as the request needs; waiting for the user's decision. */
        CONSENT
    }

    public Interaction {
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (stage != Stage.LOGIN && username == null) {
            throw new IllegalArgumentException("a sign-in past the login stage has a username");
        }
    }

    @Override
    public String toString() {
        return "Interaction[stage=" + stage + ", username=" + username + ", client=" + request.clientId() + "]";
    }
}
