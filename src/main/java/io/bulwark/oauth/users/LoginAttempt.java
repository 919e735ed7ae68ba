package io.bulwark.oauth.users;

import java.util.Objects;

/**
 * One try at a sign-in factor, as a {@link LoginGuard} sees it.
 *
 * @param username      the username typed (for the second factor: the user signed in with the password)
 * @param remoteAddress the client's IP address as the listener saw it
 * @param requestId     the HTTP request's id, for correlating security events
 * @param factor        which factor is being checked
 */
public record LoginAttempt(String username, String remoteAddress, String requestId, Factor factor) {

    /** The factor an attempt checks. */
    public enum Factor { PASSWORD, TOTP }

    public LoginAttempt {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(factor, "factor");
        remoteAddress = remoteAddress == null ? "unknown" : remoteAddress;
        requestId = requestId == null ? "-" : requestId;
    }
}
