package io.bulwark.oauth.core;

/**
 * Port: what the authorization server's endpoints tell the metrics, one call per outcome, each argument from a small
 * fixed set (a grant type, an RFC 6749 error code, an endpoint name), never a token, client secret or user name.
 * Calls are made on the request's thread, so an implementation only increments counters.
 */
public interface AuthorizationServerOutcomes {

    /** Nothing is counted. */
    AuthorizationServerOutcomes NONE = new AuthorizationServerOutcomes() {
    };

    /**
     * An access token was issued.
     *
     * @param grantType        {@code client_credentials}, {@code authorization_code} or {@code refresh_token}
     * @param clientAuthMethod the client's RFC 7591 {@code token_endpoint_auth_method}
     * @param senderConstraint {@code dpop} or {@code mtls}
     */
    default void tokenIssued(String grantType, String clientAuthMethod, String senderConstraint) {
    }

    /**
     * A form endpoint answered.
     *
     * @param endpoint {@code token}, {@code par}, {@code revoke} or {@code introspect}
     * @param outcome  {@code ok}, or the RFC 6749 §5.2 (RFC 9449, RFC 9126) error code it answered with
     */
    default void endpointAnswered(String endpoint, String outcome) {
    }

    /** A user decided on the consent page: granted (approved, possibly in part) or denied. */
    default void consentDecided(boolean granted) {
    }

    /** A sign-in's second factor (TOTP, RFC 6238) was accepted, or refused (wrong, replayed, or while locked). */
    default void secondFactorChecked(boolean accepted) {
    }
}
