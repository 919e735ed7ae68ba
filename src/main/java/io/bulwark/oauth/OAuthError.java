package io.bulwark.oauth;

/**
 * A refusal in the vocabulary of RFC 6749 §5.2: an error code from the registry, a description a
 * client developer can act on, and the HTTP status to answer with. Never carries internal detail.
 */
public final class OAuthError extends RuntimeException {

    private final String code;
    private final int status;

    public OAuthError(String code, String description, int status) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400);
    }

    /** RFC 6749 §5.2: client authentication failed; 401 since the client did try to authenticate. */
    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description, 401);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400);
    }

    public String code() {
        return code;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }
}
