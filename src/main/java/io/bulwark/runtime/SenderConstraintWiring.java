package io.bulwark.runtime;

import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.DpopConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.gateway.steps.SenderConstraintStep;
import io.bulwark.oauth.AuthorizationCodeGrant;
import io.bulwark.oauth.ClientCredentialsGrant;
import io.bulwark.oauth.RefreshTokenGrant;
import io.bulwark.oauth.TokenEndpoint;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.oauth.clientauth.ClientAuthenticator;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.oauth.jwks.HttpsJwksRetriever;
import io.bulwark.oauth.jwks.RemoteJwks;
import io.bulwark.oauth.mtls.MutualTlsClientAuthenticator;
import io.bulwark.oauth.mtls.TrustedClientCertificateAuthorities;
import io.bulwark.ratelimit.lockout.AuthenticationGuard;
import io.bulwark.store.MasterKey;
import io.bulwark.store.Store;
import io.bulwark.tls.TlsPolicy;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Builds the sender-constraint parts of a node from its configuration: the token endpoint with its
 * client authentication (private_key_jwt, mTLS) and DPoP checks (shared with the PAR endpoint), and the gateway's sender-constraint
 * step. DPoP nonces come from keys derived from the master key, one per server role, so that every
 * node accepts every other node's nonces without sharing state.
 */
final class SenderConstraintWiring {

    private SenderConstraintWiring() {
    }

    /** Client authentication by private_key_jwt or mTLS, shared by the token, revocation and introspection endpoints. */
    static ClientAuthenticator clientAuthenticator(String issuer, AuthorizationServerConfig as, Store store, InstantSource clock) {
        TrustedClientCertificateAuthorities authorities = as.tlsClientAuthCa() == null ? null
                : TrustedClientCertificateAuthorities.fromPem(as.tlsClientAuthCa(), clock);
        return new ClientAuthenticator(issuer,
                new ClientAssertionVerifier(issuer, store.clients(), store.replayGuard(), clock, clientKeys(as)),
                new MutualTlsClientAuthenticator(store.clients(), authorities));
    }

    /**
     * Clients' keys, inline or from their jwks_uri (RFC 7591 §2): cached 5 minutes, fetched again when an assertion
     * names an unknown kid, but at most every 10 seconds per client, so random kids cannot make this server hammer theirs.
     */
    private static ClientKeys clientKeys(AuthorizationServerConfig as) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        if (as.clientJwksTrustedCa() != null) {
            http.sslContext(TlsPolicy.jdkClientContext(as.clientJwksTrustedCa()));
        }
        HttpsJwksRetriever retriever = new HttpsJwksRetriever(http.build(), Duration.ofSeconds(5));
        return new ClientKeys(uri -> {
            try {
                return RemoteJwks.source(uri.toURL(), retriever, Duration.ofMinutes(5), Duration.ofSeconds(10));
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("jwks_uri is not a URL: " + uri, e);
            }
        });
    }

    /** The DPoP checks of the authorization server's token and PAR endpoints, which share its nonces (RFC 9449 §8). */
    static DpopProofVerifier authorizationServerDpop(AuthorizationServerConfig as, Store store, MasterKey masterKey, InstantSource clock) {
        return dpopVerifier(as.dpop(), "dpop-nonce/authorization-server", store, masterKey, clock);
    }

    /** The DPoP checks of operators' tokens at the management listener, with nonces of its own. */
    static DpopProofVerifier managementDpop(AuthorizationServerConfig as, Store store, MasterKey masterKey, InstantSource clock) {
        return dpopVerifier(as.dpop(), "dpop-nonce/management", store, masterKey, clock);
    }

    static TokenEndpoint tokenEndpoint(String issuer, DpopProofVerifier dpop, ClientAuthenticator authentication,
                                       ClientCredentialsGrant clientCredentials, AuthorizationCodeGrant authorizationCode,
                                       RefreshTokenGrant refreshToken, AuthenticationGuard guard) {
        return new TokenEndpoint(new GuardedClientAuthentication(authentication, guard), dpop, URI.create(issuer + "/token"),
                List.of(clientCredentials, authorizationCode, refreshToken));
    }

    /** The gateway's DPoP and certificate checks; {@code acceptingBearer} names the APIs that also let bearer tokens through. */
    static SenderConstraintStep gatewayStep(GatewayConfig gateway, Set<String> acceptingBearer, Store store, MasterKey masterKey,
                                            InstantSource clock) {
        return new SenderConstraintStep(dpopVerifier(gateway.dpop(), "dpop-nonce/gateway", store, masterKey, clock),
                gateway.publicUrl(), acceptingBearer);
    }

    private static DpopProofVerifier dpopVerifier(DpopConfig config, String noncePurpose, Store store, MasterKey masterKey,
                                                  InstantSource clock) {
        return new DpopProofVerifier(store.replayGuard(), new DpopNonces(masterKey.deriveHmacKey(noncePurpose), clock),
                config.nonceRequired(), config.maxProofAge(), clock);
    }
}
