package io.bulwark.gateway.token;

/**
 * The access token is not acceptable. The message is safe to show the caller (it names the rule
 * broken, never key material or library internals).
 */
public final class InvalidAccessTokenException extends Exception {

    public InvalidAccessTokenException(String message) {
        super(message, null, false, false);
    }
}
