package io.bulwark.oauth.account;

import java.time.Instant;
import java.util.Objects;

/**
 * One browser's session on the account pages, filed by the hash of its cookie.
 *
 * @param csrfToken the token every form of this session must send back (compared in constant time)
 * @param stage     how far the sign-in has come
 * @param username  who gave the right password, or null before that
 * @param expiresAt when the session ends, however active (it never slides)
 */
public record AccountSession(String csrfToken, Stage stage, String username, Instant expiresAt) {

    /** The steps of the account sign-in, in order. */
    public enum Stage {
        /** Waiting for username and password. */
        PASSWORD,
        /** Password accepted; waiting for the TOTP code of a user who has a second factor. */
        SECOND_FACTOR,
        /** Signed in: the grants page is open to this session. */
        SIGNED_IN
    }

    public AccountSession {
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (stage != Stage.PASSWORD && username == null) {
            throw new IllegalArgumentException("a session past the password has a username");
        }
    }

    @Override
    public String toString() {
        return "AccountSession[stage=" + stage + ", username=" + username + "]";
    }
}
