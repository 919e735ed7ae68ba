package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code gateway}: listen address, public URL, TLS files, audience, the issuer it trusts and its keys, DPoP checks, and the APIs. */
final class GatewayReader {

    private static final String ISSUER_FIX = "use the authorization server's issuer exactly as it appears in its tokens' `iss`: "
            + "https, without query or fragment (RFC 8414 §2); omit the key to use `authorization-server.issuer`";

    private GatewayReader() {
    }

    /** @param defaultIssuer the authorization server's issuer, trusted when the gateway names none */
    static GatewayConfig read(ConfigNode node, URI defaultIssuer) {
        node.map("listen", "public-url", "tls", "audience", "issuer", "jwks-uri", "trusted-ca", "dpop", "introspection", "apis");
        ListenAddress listen = ListenAddresses.read(node.get("listen").required("`host:port`, for example `0.0.0.0:9443`"));
        URI publicUrl = publicUrl(node, listen);
        TlsFiles tls = TlsFilesReader.read(node.get("tls").required("a map with `certificate-chain` and `private-key`"));
        String audience = node.get("audience").required("the resource identifier tokens must carry in `aud` (RFC 9068 §4), "
                + "for example `https://api.example.com`").text().strip();
        URI issuer = node.get("issuer").isAbsent() ? defaultIssuer : HttpsUris.read(node.get("issuer"), ISSUER_FIX);
        URI jwksUri = node.get("jwks-uri").isAbsent() ? HttpsUris.jwksOf(issuer)
                : HttpsUris.read(node.get("jwks-uri"),
                        "write the https URL of the issuer's JWK Set, or omit the key to use the issuer + `/jwks`");
        Optional<Path> trustedCa = node.get("trusted-ca").isAbsent() ? Optional.empty() : Optional.of(node.get("trusted-ca").existingFile());
        DpopConfig dpop = DpopReader.read(node.get("dpop"));
        return new GatewayConfig(listen, tls, audience, issuer, jwksUri, trustedCa,
                ApiReader.readAll(node.get("apis").required("a list of APIs, each with `name`, `base-path`, `openapi` and `upstream`")),
                publicUrl, dpop, IntrospectionReader.read(node.get("introspection")));
    }

    /** The origin clients call, which their DPoP proofs' htu must name; by default the listen address. */
    private static URI publicUrl(ConfigNode gateway, ListenAddress listen) {
        ConfigNode node = gateway.get("public-url");
        String fix = "write the https origin partners call, as in their DPoP proofs' htu, without a path: for example `https://api.example.com`";
        if (node.isAbsent()) {
            if (listen.port() == 0) {
                throw node.error("is required when `gateway.listen` asks for any free port (0)",
                        "add `public-url` under `gateway`: " + fix);
            }
            return GatewayConfig.defaultPublicUrl(listen);
        }
        URI uri = HttpsUris.read(node, fix);
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw node.error("must not have a path (`" + path + "`): the request's own path follows the origin", fix);
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }
}
