package io.bulwark.oauth;

/**
 * A refusal in the vocabulary of RFC 6749 §5.2: an error code from the registry, a description a
 * client developer can act on, and the HTTP status to answer with. Never carries internal detail.
 */
public final class OAuthError extends RuntimeException {

    private final String code;
    private final int status;
    private final long retryAfterSeconds;

    public OAuthError(String code, String description, int status) {
        this(code, description, status, 0);
    }

    private OAuthError(String code, String description, int status, long retryAfterSeconds) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Too many failed authentications for this client id or address: 429 (RFC 6585 §4) with {@code Retry-After}. Worded
     * the same whether or not the client exists, since unknown ids are delayed and locked out alike.
     */
    public static OAuthError tooManyFailedAttempts(long retryAfterSeconds) {
        return new OAuthError("invalid_client", "too many failed authentication attempts; retry after " + retryAfterSeconds + " s",
                429, retryAfterSeconds);
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

    /** Seconds for a {@code Retry-After} field, or 0 when the answer carries none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
