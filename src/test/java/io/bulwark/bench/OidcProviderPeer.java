package io.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.bulwark.config.TlsFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts panva's oidc-provider ({@code bench/oidc-provider/server.js}) as its own Node process, the certified peer
 * the token-endpoint benchmark compares Bulwark with: installs its pinned packages when missing, generates its ES256
 * signing key and writes the settings (TLS files, port, registered clients) that server.js reads.
 */
final class OidcProviderPeer {

    private static final Path DIRECTORY = Path.of("bench/oidc-provider");
    private static final String NODE = System.getProperty("bench.node", "node");
    private static final String NPM = System.getProperty("bench.npm", "npm");

    /** One registered client: a private_key_jwt client (its public keys, DPoP or not) or a tls_client_auth one. */
    record Client(String scope, JWKSet jwks, boolean dpop, String subjectDn) {

        static Client privateKeyJwt(String scope, ECKey key, boolean dpop) {
            return new Client(scope, new JWKSet(key.toPublicJWK()), dpop, null);
        }

        static Client tlsClientAuth(String scope, String subjectDn) {
            return new Client(scope, null, false, subjectDn);
        }
    }

    private OidcProviderPeer() {
    }

    /**
     * Starts the provider on {@code port} with the server identity {@code tls}, trusting client certificates from
     * {@code ca}, and returns once it listens. Its settings go in {@code work}, its log beside it ({@code <work>-oidc-provider.log}).
     */
    static ServerProcess start(Path work, int port, TlsFiles tls, Path ca, Map<String, Client> clients) throws Exception {
        installIfMissing();
        Map<String, Object> registered = new LinkedHashMap<>();
        clients.forEach((id, client) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scope", client.scope());
            if (client.subjectDn() != null) {
                entry.put("subjectDn", client.subjectDn());
            } else {
                entry.put("jwks", client.jwks().toJSONObject());
                entry.put("dpop", client.dpop());
            }
            registered.put(id, entry);
        });
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("port", port);
        settings.put("issuer", "https://localhost:" + port);
        settings.put("tlsKey", tls.privateKey().toAbsolutePath().toString());
        settings.put("tlsCert", tls.certificateChain().toAbsolutePath().toString());
        settings.put("tlsCa", ca.toAbsolutePath().toString());
        settings.put("signingJwk", signingKey().toJSONObject());
        settings.put("resource", "urn:bulwark:bench:bank");
        settings.put("clients", registered);
        Path file = work.resolve("oidc-provider-settings.json");
        // It holds the provider's private signing key: owner-only, as Bulwark's own key files.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        new ObjectMapper().writeValue(file.toFile(), settings);
        return ServerProcess.start(List.of(NODE, DIRECTORY.resolve("server.js").toAbsolutePath().toString(), file.toString()),
                Map.of("NODE_ENV", "production"), work.resolveSibling(work.getFileName() + "-oidc-provider.log"), "oidc-provider ready");
    }

    /** The version of oidc-provider that package-lock.json pins, for the report. */
    static String version() throws IOException {
        var lock = new ObjectMapper().readTree(DIRECTORY.resolve("package-lock.json").toFile());
        return lock.path("packages").path("node_modules/oidc-provider").path("version").asText("?");
    }

    private static void installIfMissing() throws IOException, InterruptedException {
        if (Files.isDirectory(DIRECTORY.resolve("node_modules/oidc-provider"))) {
            return;
        }
        System.out.println("Installing oidc-provider (npm ci in " + DIRECTORY + ")");
        Process npm = new ProcessBuilder(NPM, "ci", "--no-audit", "--no-fund").directory(DIRECTORY.toFile()).inheritIO().start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + DIRECTORY);
        }
    }

    private static ECKey signingKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the oidc-provider signing key", e);
        }
    }
}
