package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's part of the configuration.
 *
 * @param listen     where it listens
 * @param tls        its server certificate and key
 * @param audience   the resource identifier access tokens must name in {@code aud} (RFC 9068 §4)
 * @param issuer     the issuer whose tokens it accepts
 * @param jwksUri    where that issuer publishes its keys
 * @param trustedCa  PEM bundle trusted when fetching the JWKS (null: the JDK's default trust store)
 * @param apis       the APIs it fronts
 * @param publicUrl  the origin clients call it at ({@code https://host[:port]}, no path): the base of
 *                   the {@code htu} their DPoP proofs must carry (RFC 9449 §4.3)
 * @param dpop       how DPoP proofs are checked
 * @param introspection where opaque access tokens are introspected (RFC 7662), or null: opaque tokens are refused
 */
public record GatewayConfig(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri,
                            Path trustedCa, List<ApiConfig> apis, URI publicUrl, DpopConfig dpop, IntrospectionConfig introspection) {

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        apis = List.copyOf(apis);
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(dpop, "dpop");
    }

    /** Without introspection: only JWT access tokens are accepted. */
    public GatewayConfig(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri, Path trustedCa,
                         List<ApiConfig> apis, URI publicUrl, DpopConfig dpop) {
        this(listen, tls, audience, issuer, jwksUri, trustedCa, apis, publicUrl, dpop, null);
    }

    /** Public URL {@code https://<listen host>:<listen port>}, default DPoP checks. */
    public GatewayConfig(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri, Path trustedCa,
                         List<ApiConfig> apis) {
        this(listen, tls, audience, issuer, jwksUri, trustedCa, apis, defaultPublicUrl(listen), DpopConfig.DEFAULT);
    }

    /** {@code https://<host>:<port>} of the listen address, IPv6 hosts in brackets. */
    public static URI defaultPublicUrl(ListenAddress listen) {
        String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
        return URI.create("https://" + host + ":" + listen.port());
    }
}
