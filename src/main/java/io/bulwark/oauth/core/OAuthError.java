package io.bulwark.oauth.core;

import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.oauth.dpop.DpopProofException;

import java.util.Map;

/**
 * A refusal in the vocabulary of RFC 6749 §5.2: an error code from the registry, a description a
 * client developer can act on, and the HTTP status to answer with. Never carries internal detail.
 */
public final class OAuthError extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> headers;

    /** @param headers fields to send with the answer, such as {@code DPoP-Nonce}; most refusals have none */
    public OAuthError(String code, String description, int status, Map<String, String> headers) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /**
     * Too many failed authentications for this client id or address: 429 (RFC 6585 §4) with {@code Retry-After}. Worded
     * the same whether or not the client exists, since unknown ids are delayed and locked out alike.
     */
    public static OAuthError tooManyFailedAttempts(long retryAfterSeconds) {
        return new OAuthError("invalid_client", "too many failed authentication attempts; retry after " + retryAfterSeconds + " s",
                429, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400, Map.of());
    }

    /**
     * RFC 6749 §5.2: client authentication failed, by a method that is no HTTP authentication scheme (private_key_jwt,
     * mTLS) or none at all: 400, since a 401 must carry a {@code WWW-Authenticate} challenge (RFC 9110 §15.5.2) and no
     * registered scheme names these methods.
     */
    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description, 400, Map.of());
    }

    /**
     * RFC 6749 §5.2: the client tried to authenticate with the {@code Authorization} header, so the answer MUST be 401
     * with a {@code WWW-Authenticate} challenge of the scheme it used, here {@code <scheme> realm="<realm>"}.
     */
    public static OAuthError invalidClientChallenge(String scheme, String realm, String description) {
        return new OAuthError("invalid_client", description, 401, Map.of("WWW-Authenticate", scheme + " realm=\"" + realm + "\""));
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400, Map.of());
    }

    /** RFC 6749 §5.2: the code or refresh token is invalid, expired, revoked or was issued to another client. */
    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400, Map.of());
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400, Map.of());
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400, Map.of());
    }

    /** RFC 9449 §5: the DPoP proof of a token request is missing or invalid. */
    public static OAuthError invalidDpopProof(String description) {
        return new OAuthError("invalid_dpop_proof", description, 400, Map.of());
    }

    /** RFC 9449 §8: the authorization server requires a nonce; {@code nonce} goes in the DPoP-Nonce header. */
    public static OAuthError useDpopNonce(String description, String nonce) {
        return new OAuthError("use_dpop_nonce", description, 400, Map.of("DPoP-Nonce", nonce));
    }

    /** The answer to a refused DPoP proof: {@code use_dpop_nonce} with the nonce to use, else {@code invalid_dpop_proof}. */
    public static OAuthError dpopProof(DpopProofException refusal) {
        return DpopProofException.USE_DPOP_NONCE.equals(refusal.error())
                ? useDpopNonce(refusal.getMessage(), refusal.nonce())
                : invalidDpopProof(refusal.getMessage());
    }

    /**
     * RFC 6750 §3.1 (RFC 9449 §7.1 for {@code DPoP}): the access token of a resource request is missing, invalid,
     * revoked or not proven; 401 with a {@code WWW-Authenticate} challenge of {@code scheme}.
     */
    public static OAuthError invalidToken(String scheme, String description) {
        return new OAuthError("invalid_token", description, 401, Map.of("WWW-Authenticate", challenge(scheme, "invalid_token")));
    }

    /**
     * The answer of a resource of this server (the grant management API) to a refused DPoP proof, 401 with a DPoP
     * challenge: RFC 9449 §9 {@code use_dpop_nonce} with the nonce in {@code DPoP-Nonce}, else §7.1 {@code invalid_dpop_proof}.
     */
    public static OAuthError resourceDpopProof(DpopProofException refusal) {
        if (DpopProofException.USE_DPOP_NONCE.equals(refusal.error())) {
            return new OAuthError("use_dpop_nonce", refusal.getMessage(), 401,
                    Map.of("WWW-Authenticate", challenge("DPoP", "use_dpop_nonce"), "DPoP-Nonce", refusal.nonce()));
        }
        return resourceInvalidDpopProof(refusal.getMessage());
    }

    /** RFC 9449 §7.1: at a resource of this server, the DPoP proof is missing or fails a check; 401 with a DPoP challenge. */
    public static OAuthError resourceInvalidDpopProof(String description) {
        return new OAuthError("invalid_dpop_proof", description, 401, Map.of("WWW-Authenticate", challenge("DPoP", "invalid_dpop_proof")));
    }

    /** RFC 6750 §3.1: the access token lacks the scope the request needs; 403 with a challenge naming it. */
    public static OAuthError insufficientScope(String scheme, String scope) {
        return new OAuthError("insufficient_scope", "the access token needs the scope " + scope, 403,
                Map.of("WWW-Authenticate", challenge(scheme, "insufficient_scope") + ", scope=\"" + scope + "\""));
    }

    private static String challenge(String scheme, String error) {
        String challenge = scheme + " error=\"" + error + "\"";
        return "DPoP".equals(scheme) ? challenge + ", algs=\"" + String.join(" ", AllowedAlgorithms.names()) + "\"" : challenge;
    }

    /** Headers to send with the error response, such as {@code DPoP-Nonce}. */
    public Map<String, String> headers() {
        return headers;
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
        String value = headers.get("Retry-After");
        return value == null ? 0 : Long.parseLong(value);
    }
}
