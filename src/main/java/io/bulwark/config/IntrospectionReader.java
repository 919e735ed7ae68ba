package io.bulwark.config;

import com.nimbusds.jose.jwk.JWK;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code gateway.introspection}: endpoint, the gateway's client id and credentials, trusted CA, cache TTL and timeout. */
final class IntrospectionReader {

    static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(1);
    // The bound: a revoked token is refused within about a second; 5 s is the most an operator may trade for load.
    static final Duration MAX_CACHE_TTL = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final String ONE_CREDENTIAL = "give exactly one of `private-key-jwk-file` (private_key_jwt, RFC 7523) "
            + "and `client-identity` (mTLS, RFC 8705): the gateway never authenticates with a shared secret";

    private IntrospectionReader() {
    }

    /** The section, or null when absent (opaque tokens are then refused as invalid_token). */
    static Optional<IntrospectionConfig> read(ConfigNode node) {
        if (node.isAbsent()) {
            return Optional.empty();
        }
        node.map("endpoint", "client-id", "private-key-jwk-file", "client-identity", "trusted-ca", "cache-ttl", "timeout");
        var endpoint = HttpsUris.read(node.get("endpoint").required("the https URL of the RFC 7662 introspection endpoint, "
                + "for example `https://auth.example.com/introspect`"), "write the introspection endpoint as `https://host[:port]/path`");
        String clientId = node.get("client-id").required("the gateway's client_id at that authorization server").text().strip();
        ConfigNode keyFile = node.get("private-key-jwk-file");
        ConfigNode identity = node.get("client-identity");
        if (keyFile.isAbsent() == identity.isAbsent()) {
            throw node.error(keyFile.isAbsent() ? "names no client credential" : "names two client credentials", ONE_CREDENTIAL);
        }
        if (!identity.isAbsent() && node.get("trusted-ca").isAbsent()) {
            throw node.get("trusted-ca").error("is required with `client-identity`",
                    "add `trusted-ca`: the PEM CA bundle the introspection endpoint's certificate chains to");
        }
        return Optional.of(new IntrospectionConfig(endpoint, clientId, keyFile.isAbsent() ? null : privateJwk(keyFile),
                identity.isAbsent() ? null : TlsFilesReader.read(identity),
                node.get("trusted-ca").isAbsent() ? null : node.get("trusted-ca").existingFile(),
                Durations.read(node.get("cache-ttl"), DEFAULT_CACHE_TTL, Duration.ofMillis(100), MAX_CACHE_TTL,
                        "a revoked token must be refused within seconds of its revocation"),
                Durations.read(node.get("timeout"), DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(10),
                        "every request with an opaque token waits for it")));
    }

    /** The private EC P-256 JWK the gateway signs its client assertions with; parsed by Nimbus. */
    private static String privateJwk(ConfigNode node) {
        Path path = node.existingFile();
        String fix = "write one private EC P-256 JWK (it signs ES256 client assertions) with its `kid` as JSON, and register its "
                + "public half for the gateway's client at the authorization server";
        JWK key;
        try {
            key = JWK.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | ParseException e) {
            throw node.error("file " + path + " is not a JWK", fix);
        }
        if (!(key instanceof com.nimbusds.jose.jwk.ECKey ec) || !com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
            throw node.error("file " + path + " holds a " + key.getKeyType() + " key, not EC P-256", fix);
        }
        if (!key.isPrivate()) {
            throw node.error("file " + path + " holds a public key only; client assertions need the private key", fix);
        }
        return key.toJSONString();
    }
}
