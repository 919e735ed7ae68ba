package io.bulwark.testing;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Registered clients for tests, built from defaults a test overrides only where it matters: private_key_jwt with no
 * keys, bound by DPoP or mTLS, no redirect URIs, the server's token settings, and the grant types a client
 * registered without naming them gets ({@link RegisteredClient#defaultGrantTypes}).
 */
public final class TestClients {

    /** When clients are registered unless a test says otherwise. */
    public static final Instant REGISTERED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private TestClients() {
    }

    /** A client named {@code clientId}, with the defaults above. */
    public static Builder client(String clientId) {
        return new Builder(clientId);
    }

    /** Sets what a test cares about; {@link #build()} makes the client through its one constructor. */
    public static final class Builder {
        private final String clientId;
        private String name;
        private String authMethod = RegisteredClient.PRIVATE_KEY_JWT;
        private String jwksJson = "{\"keys\":[]}";
        private URI jwksUri;
        private Set<String> scopes = Set.of();
        private boolean disabled;
        private Instant createdAt = REGISTERED_AT;
        private SenderConstraint senderConstraint = SenderConstraint.DPOP_OR_MTLS;
        private String tlsClientAuthSubjectDn;
        private List<String> redirectUris = List.of();
        private Set<String> authorizationDetailsTypes = Set.of();
        private TokenSettings tokenSettings = TokenSettings.DEFAULTS;
        private Set<String> grantTypes;

        private Builder(String clientId) {
            this.clientId = clientId;
            this.name = clientId;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder authMethod(String authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        public Builder jwks(String jwksJson) {
            this.jwksJson = jwksJson;
            return this;
        }

        /** Its keys as a JWK Set: public keys only are kept, as a registration would. */
        public Builder jwks(JWKSet jwks) {
            return jwks(jwks.toPublicJWKSet().toString());
        }

        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = jwksUri;
            return this;
        }

        public Builder scopes(String... scopes) {
            return scopes(Set.of(scopes));
        }

        public Builder scopes(Set<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder disabled(boolean disabled) {
            this.disabled = disabled;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder senderConstraint(SenderConstraint senderConstraint) {
            this.senderConstraint = senderConstraint;
            return this;
        }

        public Builder tlsClientAuthSubjectDn(String subjectDn) {
            this.tlsClientAuthSubjectDn = subjectDn;
            return this;
        }

        public Builder redirectUris(String... redirectUris) {
            return redirectUris(List.of(redirectUris));
        }

        public Builder redirectUris(List<String> redirectUris) {
            this.redirectUris = redirectUris;
            return this;
        }

        public Builder authorizationDetailsTypes(Set<String> types) {
            this.authorizationDetailsTypes = types;
            return this;
        }

        public Builder tokenSettings(TokenSettings tokenSettings) {
            this.tokenSettings = tokenSettings;
            return this;
        }

        public Builder refreshTokenRotation(boolean rotation) {
            return tokenSettings(tokenSettings.withRefreshTokenRotation(rotation));
        }

        /** Its grant types; unless set, those of a client registered without naming them. */
        public Builder grantTypes(Set<String> grantTypes) {
            this.grantTypes = grantTypes;
            return this;
        }

        public RegisteredClient build() {
            return new RegisteredClient(clientId, name, authMethod, jwksJson, jwksUri, scopes, disabled, createdAt, senderConstraint,
                    tlsClientAuthSubjectDn, redirectUris, authorizationDetailsTypes, tokenSettings,
                    grantTypes == null ? RegisteredClient.defaultGrantTypes(redirectUris) : grantTypes);
        }
    }
}
