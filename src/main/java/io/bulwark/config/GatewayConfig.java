package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's part of the configuration.
 *
 * @param listen     where it listens
 * @param tls        its server certificate and key
 * @param audience   the resource identifier access tokens must name in {@code aud} (RFC 9068 §4)
 * @param issuer     the issuer whose tokens it accepts
 * @param jwksUri    where that issuer publishes its keys
 * @param trustedCa  PEM bundle trusted when fetching the JWKS (empty: the JDK's default trust store)
 * @param apis       the APIs it fronts
 * @param publicUrl  the origin clients call it at ({@code https://host[:port]}, no path): the base of
 *                   the {@code htu} their DPoP proofs must carry (RFC 9449 §4.3)
 * @param dpop       how DPoP proofs are checked
 * @param introspection where opaque access tokens are introspected (RFC 7662); empty: opaque tokens are refused
 */
public record GatewayConfig(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri,
                            Optional<Path> trustedCa, List<ApiConfig> apis, URI publicUrl, DpopConfig dpop,
                            Optional<IntrospectionConfig> introspection) {

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(trustedCa, "trustedCa");
        apis = List.copyOf(apis);
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(dpop, "dpop");
        Objects.requireNonNull(introspection, "introspection");
    }

    /** {@code https://<host>:<port>} of the listen address, IPv6 hosts in brackets. */
    public static URI defaultPublicUrl(ListenAddress listen) {
        String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
        return URI.create("https://" + host + ":" + listen.port());
    }
}
