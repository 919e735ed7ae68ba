package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway reaches an upstream API: always over TLS, with a client certificate (mTLS).
 *
 * @param url            base URL of the upstream (https); the request path after the API's base path is appended
 * @param clientIdentity the gateway's client certificate and key presented to the upstream
 * @param trustedCa      PEM bundle the upstream's server certificate must chain to
 * @param timeout        how long to wait for the upstream's response
 * @param connectTimeout how long to wait for a new connection (TCP and TLS handshake) to the upstream
 */
public record UpstreamConfig(URI url, TlsFiles clientIdentity, Path trustedCa, Duration timeout, Duration connectTimeout) {

    /** The connect timeout when none is configured. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public UpstreamConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(trustedCa, "trustedCa");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
}
