package io.bulwark.clients;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth client as the authorization server knows it.
 *
 * @param clientId   the RFC 6749 client identifier
 * @param name       a human name shown to users and operators
 * @param authMethod the RFC 7591 token_endpoint_auth_method: {@code private_key_jwt} (RFC 7523),
 *                   {@code tls_client_auth} or {@code self_signed_tls_client_auth} (RFC 8705 §2)
 * @param jwksJson   the client's public JWK Set (RFC 7517 JSON): verifies its assertions; for
 *                   {@code self_signed_tls_client_auth}, its certificates in {@code x5c}; empty when {@code jwksUri} is set
 * @param jwksUri    where the client publishes its JWK Set instead (RFC 7591 §2 {@code jwks_uri}, https); null for inline keys
 * @param scopes     the scopes the client may be granted, never more
 * @param disabled   a disabled client cannot authenticate
 * @param createdAt  when it was registered
 * @param senderConstraint what its access tokens are bound to (FAPI 2.0 SP §5.3.2.1)
 * @param tlsClientAuthSubjectDn for {@code tls_client_auth}, the subject DN its certificate must carry
 *                   (RFC 8705 §2.1.2, RFC 4514 form); null for other methods
 * @param redirectUris the redirect URIs registered for the authorization-code flow; matched exactly
 * @param authorizationDetailsTypes the RFC 9396 types the client may ask for
 * @param tokenSettings its access-token lifetime and refresh-token rotation
 * @param grantTypes the RFC 7591 §2 {@code grant_types} it may use at the token endpoint; any other is {@code unauthorized_client}
 */
public record RegisteredClient(String clientId, String name, String authMethod, String jwksJson, URI jwksUri,
                               Set<String> scopes, boolean disabled, Instant createdAt,
                               SenderConstraint senderConstraint, String tlsClientAuthSubjectDn,
                               List<String> redirectUris, Set<String> authorizationDetailsTypes, TokenSettings tokenSettings,
                               Set<String> grantTypes) {

    /** RFC 7523 §2.2: the client signs an assertion with its private key. */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    /** RFC 8705 §2.1: a certificate from a trusted CA, with the registered subject DN. */
    public static final String TLS_CLIENT_AUTH = "tls_client_auth";
    /** RFC 8705 §2.2: a certificate registered in the client's JWK Set. */
    public static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";
    /** RFC 6749 §4.4: the client acts for itself, with no user. */
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** RFC 6749 §4.1: the client acts for a user who signed in and consented. */
    public static final String AUTHORIZATION_CODE = "authorization_code";
    /** RFC 6749 §6: a user's grant renewed without the user. */
    public static final String REFRESH_TOKEN = "refresh_token";

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(jwksJson, "jwksJson");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(senderConstraint, "senderConstraint");
        Objects.requireNonNull(tokenSettings, "tokenSettings");
        Objects.requireNonNull(grantTypes, "grantTypes");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        if (TLS_CLIENT_AUTH.equals(authMethod) && (tlsClientAuthSubjectDn == null || tlsClientAuthSubjectDn.isBlank())) {
            throw new IllegalArgumentException("a tls_client_auth client needs its certificate's subject DN");
        }
        scopes = Set.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
        authorizationDetailsTypes = Set.copyOf(authorizationDetailsTypes);
        grantTypes = Set.copyOf(grantTypes);
        if (jwksUri != null && !"https".equals(jwksUri.getScheme())) {
            throw new IllegalArgumentException("a client's jwks_uri must be an https URL");
        }
    }

    /**
     * The grant types of a client registered without naming them: an app with redirect URIs acts for users (code and
     * refresh), never for itself, so that its tokens never act without a user; one without is a machine client.
     */
    public static Set<String> defaultGrantTypes(List<String> redirectUris) {
        return redirectUris.isEmpty() ? Set.of(CLIENT_CREDENTIALS) : Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN);
    }

    /** Whether the client is registered for {@code grantType} (RFC 7591 §2 {@code grant_types}). */
    public boolean mayUse(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** This client registered for {@code grantTypes}, with everything else unchanged. */
    public RegisteredClient withGrantTypes(Set<String> grantTypes) {
        return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri, scopes, disabled, createdAt, senderConstraint,
                tlsClientAuthSubjectDn, redirectUris, authorizationDetailsTypes, tokenSettings, grantTypes);
    }

    /** Whether each use of its refresh token returns a new one and spends the old. */
    public boolean refreshTokenRotation() {
        return tokenSettings.refreshTokenRotation();
    }

    /** This client, disabled or enabled, with everything else unchanged. */
    public RegisteredClient withDisabled(boolean disabled) {
        return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri, scopes, disabled, createdAt, senderConstraint,
                tlsClientAuthSubjectDn, redirectUris, authorizationDetailsTypes, tokenSettings, grantTypes);
    }

    /** This client registered for {@code scopes} only, with everything else unchanged. */
    public RegisteredClient withScopes(Set<String> scopes) {
        return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri, scopes, disabled, createdAt, senderConstraint,
                tlsClientAuthSubjectDn, redirectUris, authorizationDetailsTypes, tokenSettings, grantTypes);
    }

    /** This client with {@code settings}, with everything else unchanged. */
    public RegisteredClient withTokenSettings(TokenSettings settings) {
        return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri, scopes, disabled, createdAt, senderConstraint,
                tlsClientAuthSubjectDn, redirectUris, authorizationDetailsTypes, settings, grantTypes);
    }

    /** This client with refresh-token rotation on or off, with everything else unchanged. */
    public RegisteredClient withRefreshTokenRotation(boolean rotation) {
        return withTokenSettings(tokenSettings.withRefreshTokenRotation(rotation));
    }
}
