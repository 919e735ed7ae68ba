package io.bulwark.demo.traffic;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a running demo answers. The public origins are what tokens and DPoP proofs name ({@code https://localhost:…});
 * connections go to {@code 127.0.0.1} on the same ports, so that each can leave from a loopback address of its own (a
 * simulated network) without {@code localhost} resolving to another address family.
 *
 * @param issuer        the authorization server's issuer, such as {@code https://localhost:8443}
 * @param gatewayOrigin the gateway's public origin, such as {@code https://localhost:9443}
 * @param caCertificate the dev CA the demo's listeners chain to
 */
public record LiveEndpoints(String issuer, String gatewayOrigin, Path caCertificate) {

    public LiveEndpoints {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(gatewayOrigin, "gatewayOrigin");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** The address to connect to for {@code publicUrl}: the same scheme, port, path and query, on 127.0.0.1. */
    static URI connect(String publicUrl) {
        URI uri = URI.create(publicUrl);
        return URI.create(uri.getScheme() + "://127.0.0.1:" + uri.getPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** RFC 9449 §4.2: a proof's {@code htu} is the request's URI without query and fragment. */
    static String htu(String publicUrl) {
        int query = publicUrl.indexOf('?');
        return query < 0 ? publicUrl : publicUrl.substring(0, query);
    }
}
