package io.bulwark.runtime;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.IntrospectionConfig;
import io.bulwark.gateway.token.TokenIntrospector;
import io.bulwark.tls.TlsPolicy;

import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the gateway's RFC 7662 introspection client from {@code gateway.introspection}, with its own client credentials. */
final class IntrospectionWiring {

    private IntrospectionWiring() {
    }

    /** The introspector; empty when none is configured (opaque tokens are then invalid_token). */
    static Optional<TokenIntrospector> introspector(GatewayConfig gateway, InstantSource clock) {
        return gateway.introspection().map(config -> introspector(config, gateway, clock));
    }

    private static TokenIntrospector introspector(IntrospectionConfig config, GatewayConfig gateway, InstantSource clock) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.timeout());
        if (config.trustedCa() != null) {
            // RFC 8705 §2: with mTLS the certificate on the connection is the gateway's credential.
            http.sslContext(TlsPolicy.jdkClientContext(config.clientIdentity(), config.trustedCa()));
        }
        ClientID clientId = new ClientID(config.clientId());
        Supplier<ClientAuthentication> authentication = config.privateKeyJwk() != null
                ? privateKeyJwt(clientId, config.privateKeyJwk(), gateway.issuer().toString())
                // RFC 8705 §2.1: tls_client_auth sends client_id in the body; the certificate does the rest.
                : () -> new PKITLSClientAuthentication(clientId, (javax.net.ssl.SSLSocketFactory) null);
        return new TokenIntrospector(http.build(), config.endpoint(), authentication, gateway.issuer().toString(), gateway.audience(),
                config.cacheTtl(), config.timeout(), clock);
    }

    /**
     * A fresh ES256 client assertion per call (its jti is single use at the server), with {@code aud} the issuer alone,
     * as FAPI 2.0 SP §5.3.2.1 and Bulwark's own server require.
     */
    private static Supplier<ClientAuthentication> privateKeyJwt(ClientID clientId, String privateJwk, String issuer) {
        ECKey key;
        try {
            key = JWK.parse(privateJwk).toECKey();
        } catch (ParseException e) {
            throw new IllegalArgumentException("gateway introspection key is not an EC JWK", e);
        }
        return () -> {
            try {
                return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(clientId, new Audience(issuer)), JWSAlgorithm.ES256,
                        key.toECPrivateKey(), key.getKeyID(), null);
            } catch (JOSEException e) {
                throw new IllegalStateException("signing the gateway's client assertion failed", e);
            }
        };
    }
}
