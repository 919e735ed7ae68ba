package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;

/** Reads {@code gateway}: listen address, TLS files, audience, the issuer it trusts and its keys, and the APIs. */
final class GatewayReader {

    private static final String ISSUER_FIX = "use the authorization server's issuer exactly as it appears in its tokens' `iss`: "
            + "https, without query or fragment (RFC 8414 §2); omit the key to use `authorization-server.issuer`";

    private GatewayReader() {
    }

    /** @param defaultIssuer the authorization server's issuer, trusted when the gateway names none */
    static GatewayConfig read(ConfigNode node, URI defaultIssuer) {
        node.map("listen", "tls", "audience", "issuer", "jwks-uri", "trusted-ca", "apis");
        ListenAddress listen = ListenAddresses.read(node.get("listen").required("`host:port`, for example `0.0.0.0:9443`"));
        TlsFiles tls = TlsFilesReader.read(node.get("tls").required("a map with `certificate-chain` and `private-key`"));
        String audience = node.get("audience").required("the resource identifier tokens must carry in `aud` (RFC 9068 §4), "
                + "for example `https://api.example.com`").text().strip();
        URI issuer = node.get("issuer").isAbsent() ? defaultIssuer : HttpsUris.read(node.get("issuer"), ISSUER_FIX);
        URI jwksUri = node.get("jwks-uri").isAbsent() ? HttpsUris.jwksOf(issuer)
                : HttpsUris.read(node.get("jwks-uri"),
                        "write the https URL of the issuer's JWK Set, or omit the key to use the issuer + `/jwks`");
        Path trustedCa = node.get("trusted-ca").isAbsent() ? null : node.get("trusted-ca").existingFile();
        return new GatewayConfig(listen, tls, audience, issuer, jwksUri, trustedCa,
                ApiReader.readAll(node.get("apis").required("a list of APIs, each with `name`, `base-path`, `openapi` and `upstream`")));
    }
}
