package io.bulwark.oauth.rar;

/**
 * Authorization details that RFC 9396 §5 says to refuse with {@code invalid_authorization_details}:
 * unknown type, type the client may not use, unknown field, wrong field type or value, missing field.
 * The message names the offending member for the client developer.
 */
public final class InvalidAuthorizationDetailsException extends RuntimeException {

    /** The RFC 9396 §5 error code. */
    public static final String ERROR_CODE = "invalid_authorization_details";

    public InvalidAuthorizationDetailsException(String message) {
        super(message, null, false, false);
    }
}
