package io.bulwark.testing;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.DpopConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ListenAddress;
import io.bulwark.config.TlsFiles;
import io.bulwark.config.UpstreamConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Configuration records for tests, with the defaults {@code bulwark.yaml} gives to what it leaves out. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** An authorization server with default key rotation, DPoP checks and refresh-token lifetime, and no client CAs. */
    public static AuthorizationServerConfig authorizationServer(URI issuer, ListenAddress listen, TlsFiles tls, Duration accessTokenLifetime) {
        return new AuthorizationServerConfig(issuer, listen, tls, accessTokenLifetime, AuthorizationServerConfig.DEFAULT_SIGNING_KEY_MAX_AGE,
                AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD, null, DpopConfig.DEFAULT,
                AuthorizationServerConfig.DEFAULT_REFRESH_TOKEN_LIFETIME, null);
    }

    /** A machine-to-machine client (no redirect URIs) whose tokens are bound by DPoP or mTLS, as it asks. */
    public static ClientConfig machineClient(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes) {
        return machineClient(clientId, name, authMethod, jwksJson, scopes, ClientConfig.DPOP_OR_MTLS, null);
    }

    /** A machine-to-machine client bound as {@code senderConstraint} says, with the certificate subject tls_client_auth needs. */
    public static ClientConfig machineClient(String clientId, String name, String authMethod, String jwksJson, Set<String> scopes,
                                             String senderConstraint, String tlsClientAuthSubjectDn) {
        return new ClientConfig(clientId, name, authMethod, jwksJson, scopes, senderConstraint, tlsClientAuthSubjectDn, List.of(), Set.of(),
                false, null, null, RegisteredClient.defaultGrantTypes(List.of()));
    }

    /** A gateway with the public URL of its listen address, default DPoP checks and no introspection (JWT access tokens only). */
    public static GatewayConfig gateway(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri, Path trustedCa,
                                        List<ApiConfig> apis) {
        return new GatewayConfig(listen, tls, audience, issuer, jwksUri, Optional.of(trustedCa), apis, GatewayConfig.defaultPublicUrl(listen),
                DpopConfig.DEFAULT, Optional.empty());
    }

    /** An API that accepts only sender-constrained tokens and takes part in no CORS exchange. */
    public static ApiConfig api(String name, String basePath, Path openapi, UpstreamConfig upstream, String purpose, String ownerTeam) {
        return new ApiConfig(name, basePath, openapi, upstream, false, purpose, ownerTeam, Optional.empty());
    }

    /** An upstream with the default connect timeout. */
    public static UpstreamConfig upstream(URI url, TlsFiles clientIdentity, Path trustedCa, Duration timeout) {
        return new UpstreamConfig(url, clientIdentity, trustedCa, timeout, UpstreamConfig.DEFAULT_CONNECT_TIMEOUT);
    }
}
