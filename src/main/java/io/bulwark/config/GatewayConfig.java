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
 */
public record GatewayConfig(ListenAddress listen, TlsFiles tls, String audience, URI issuer, URI jwksUri,
                            Path trustedCa, List<ApiConfig> apis) {

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        apis = List.copyOf(apis);
    }
}
