package io.bulwark.runtime;

import io.bulwark.audit.SecurityEventSink;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.AccessTokenIssuer;
import io.bulwark.oauth.AuthorizationServerMetadata;
import io.bulwark.oauth.ClientCredentialsGrant;
import io.bulwark.oauth.GrantManagementEndpoint;
import io.bulwark.oauth.IntrospectionEndpoint;
import io.bulwark.oauth.OwnTokenReader;
import io.bulwark.oauth.RevocationEndpoint;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.oauth.clientauth.ClientAuthenticator;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.http.AddressRateLimit;
import io.bulwark.oauth.http.AuthorizationServerRoutes;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.oauth.refresh.RefreshTokenReader;
import io.bulwark.oauth.users.UserAccounts;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.HttpsListener;
import io.bulwark.store.KeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;

import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The authorization server's wiring: its signing keys, client authentication, DPoP checks, grants and endpoints,
 * built from the configuration and the store's ports, and its listener.
 */
final class AuthorizationServerAssembly {

    private final SigningKeyRing signingKeys;
    private final UserAccounts users;
    private final AuthorizationServerRoutes routes;

    private AuthorizationServerAssembly(SigningKeyRing signingKeys, UserAccounts users, AuthorizationServerRoutes routes) {
        this.signingKeys = signingKeys;
        this.users = users;
        this.routes = routes;
    }

    /** Builds every part; nothing listens until {@link #listen}. The clients of the configuration are registered already. */
    static AuthorizationServerAssembly build(BulwarkConfig config, JdbcStore store, KeySealer sealer, MasterKey masterKey,
                                             AbuseProtection protection, SecurityEventSink events, AccountDirectory accounts,
                                             io.bulwark.oauth.core.AuthorizationServerOutcomes outcomes, InstantSource clock) {
        AuthorizationServerConfig as = config.authorizationServer();
        String audience = config.gateway().audience();
        // The old key stays published until the last token it signed has expired, whatever its client's lifetime.
        SigningKeyRing keys = new SigningKeyRing(store.signingKeys(), sealer, clock, TokenSettings.longestInForce(as.accessTokenLifetime()),
                as.signingKeyPublicationLead());
        String issuer = issuer(as);
        ClientAuthenticator clientAuthentication = SenderConstraintWiring.clientAuthenticator(issuer, as, store, clock);
        DpopProofVerifier dpop = SenderConstraintWiring.authorizationServerDpop(as, store, masterKey, clock);
        AccessTokenIssuer tokens = new AccessTokenIssuer(issuer, keys, as.accessTokenLifetime(), clock);
        // User sign-in failures go through the same guard as client authentication (PCI DSS 8.3.4).
        AuthorizationCodeFlowParts codeFlow = AuthorizationCodeFlowParts.build(issuer, audience, store, sealer, clientAuthentication,
                dpop, tokens, as.refreshTokenLifetime(), accounts, new GuardedLogins(protection.authenticationGuard()),
                protection.authenticationGuard(), events, outcomes, clock);
        Set<String> scopes = new LinkedHashSet<>();
        config.clients().forEach(c -> scopes.addAll(c.scopes()));
        store.clients().list().forEach(c -> scopes.addAll(c.scopes()));
        Set<String> grantTypes = new LinkedHashSet<>();
        store.clients().list().forEach(c -> grantTypes.addAll(c.grantTypes()));
        TokenEndpoint tokenEndpoint = SenderConstraintWiring.tokenEndpoint(issuer, dpop, clientAuthentication,
                new ClientCredentialsGrant(tokens, audience), codeFlow.codeGrant(), codeFlow.refreshGrant(),
                protection.authenticationGuard());
        OwnTokenReader ownTokens = new OwnTokenReader(issuer, audience, keys, clock);
        RefreshTokenReader refreshTokens = new RefreshTokenReader(store.refreshTokens(), clock);
        // Revocation and introspection authenticate clients behind the token endpoint's guard (PCI DSS 8.3.4).
        GuardedClientAuthentication guarded = new GuardedClientAuthentication(clientAuthentication, protection.authenticationGuard());
        AuthorizationServerRoutes routes = new AuthorizationServerRoutes(
                AuthorizationServerMetadata.of(issuer, scopes, as.tlsClientAuthCa() != null, grantTypes), keys, tokenEndpoint,
                new RevocationEndpoint(guarded, ownTokens, store.revokedTokens(), refreshTokens, store.grants(), clock),
                new IntrospectionEndpoint(guarded, ownTokens, store.revokedTokens(), store.grants(), refreshTokens),
                codeFlow.routes(), new GrantManagementEndpoint(issuer, ownTokens, store.revokedTokens(), store.clients(), dpop,
                        store.grants(), clock), outcomes);
        return new AuthorizationServerAssembly(keys, codeFlow.users(), routes);
    }

    /**
     * Starts the listener (with the audit-checkpoint keys at {@code /audit/jwks.json}), behind the rate limits by address and
     * {@code guard}'s connection limits; returns its port.
     */
    int listen(Vertx vertx, BulwarkConfig config, AddressRateLimit addressLimit, SigningKeyRing auditKeys, ConnectionGuard guard) {
        AuthorizationServerConfig as = config.authorizationServer();
        RequestLimitsConfig limits = config.protection().limits();
        // Client certificates are requested, not required: RFC 8705 client authentication and token binding read them.
        return HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.serverRequestingClientCertificate(as.tls()), limits),
                as.listen().host(), as.listen().port(), () -> addressLimit.install(AuditKeysRoute.mount(routes.router(vertx), auditKeys)), guard);
    }

    /** The access-token signing keys. */
    SigningKeyRing signingKeys() {
        return signingKeys;
    }

    /** Creates and updates the users who sign in. */
    UserAccounts users() {
        return users;
    }

    /** The issuer as tokens carry it: without a trailing slash. */
    static String issuer(AuthorizationServerConfig as) {
        String issuer = as.issuer().toString();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
