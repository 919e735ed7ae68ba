package io.bulwark.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoBankServer;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reloading bulwark.yaml on a running node: applied all or nothing, or refused with the reason. */
class ConfigReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DevCertificateAuthority ca;
    private DemoBankServer bank;
    private BulwarkNode node;
    private HttpClient http;
    private ECKey clientKey;
    private final ECKey dpopKey = JwtFactory.ecKey("dpop-key");
    private int asPort;
    private int gatewayPort;
    private String yaml;

    @BeforeEach
    void start() throws Exception {
        ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles bankIdentity = ca.serverIdentity("bank", List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles server = ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles upstreamClient = ca.clientIdentity("gateway-client", "Bulwark Gateway");
        int bankPort = FreePorts.next();
        bank = DemoBankServer.start(bankIdentity, ca.caCertificate(), bankPort);
        clientKey = JwtFactory.ecKey("partner-key");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml")));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        asPort = FreePorts.next();
        gatewayPort = FreePorts.next();
        yaml = new NodeYaml("./data", "https://localhost:" + asPort, asPort, gatewayPort, server, ca.caCertificate(), bankPort,
                upstreamClient).text();
        Files.writeString(config(), yaml);
        node = BulwarkNode.start(ConfigLoader.load(config()), Clock.systemUTC());
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();
    }

    @AfterEach
    void stop() {
        node.close();
        bank.close();
    }

    private Path config() {
        return dir.resolve("bulwark.yaml");
    }

    private HttpRequest gatewayGet(String path, String token) {
        String url = "https://localhost:" + gatewayPort + path;
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token)
                .header("DPoP", DpopProofs.proof(dpopKey, "GET", url, token)).build();
    }

    private int get(String path, String token) throws Exception {
        return http.send(gatewayGet(path, token), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String token() throws Exception {
        String issuer = "https://localhost:" + asPort;
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(clientKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("partner").subject("partner").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new ECDSASigner(clientKey));
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("products:read", StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion.serialize();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", DpopProofs.proof(dpopKey, "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    @Test
    void aNewOperationIsServedAfterAReload() throws Exception {
        String token = token();
        // A configuration that declares no product catalogue; the next reload adds it.
        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml"))
                .replace("  /products:", "  /products-not-yet:"));
        assertThat(node.reload(ConfigLoader.load(config())).applied()).isTrue();
        String products = "/bank/v1/products";
        assertThat(get(products, token)).as("not declared yet").isEqualTo(404);

        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml")));
        BulwarkNode.ReloadOutcome outcome = node.reload(ConfigLoader.load(config()));
        assertThat(outcome.applied()).as(outcome.message()).isTrue();
        assertThat(get(products, token)).isEqualTo(200);
    }

    private int preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gatewayPort + "/bank/v1/accounts"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void corsChangesApplyOnReload() throws Exception {
        assertThat(preflight("https://app.example.com")).as("no cors block yet").isEqualTo(404);

        String withCors = yaml.replace("      openapi: bank-openapi.yaml\n",
                "      openapi: bank-openapi.yaml\n      cors:\n        allowed-origins: [https://app.example.com]\n");
        Files.writeString(config(), withCors);
        BulwarkNode.ReloadOutcome outcome = node.reload(ConfigLoader.load(config()));
        assertThat(outcome.applied()).as(outcome.message()).isTrue();
        assertThat(preflight("https://app.example.com")).isEqualTo(204);

        Files.writeString(config(), withCors.replace("https://app.example.com", "https://other.example.com"));
        assertThat(node.reload(ConfigLoader.load(config())).applied()).isTrue();
        assertThat(preflight("https://app.example.com")).as("the origin removed").isEqualTo(403);
        assertThat(preflight("https://other.example.com")).isEqualTo(204);
    }

    @Test
    void aBrokenOpenApiDocumentIsRefusedAndTheOldRoutesKeepServing() throws Exception {
        String token = token();
        Files.writeString(dir.resolve("bank-openapi.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {responses: {'200': {description: ok}}}\n");
        BulwarkNode.ReloadOutcome outcome = node.reload(ConfigLoader.load(config()));
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.message()).contains("bank-openapi.yaml").contains("declares no security requirement");
        assertThat(get("/bank/v1/products", token)).isEqualTo(200);
    }

    @Test
    void anInvalidFileIsRefusedBeforeAnythingChanges() throws Exception {
        String token = token();
        Files.writeString(config(), yaml.replace("audience: https://api.example", "audiance: https://api.example"));
        assertThatThrownBy(() -> ConfigLoader.load(config())).isInstanceOf(ConfigException.class);
        BulwarkNode.ReloadOutcome outcome = io.bulwark.cli.CliTestAccess.reload(config(), node);
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.message()).contains("audiance");
        assertThat(get("/bank/v1/products", token)).isEqualTo(200);
    }

    @Test
    void changesThatNeedARestartAreNamedAndNotApplied() throws Exception {
        Files.writeString(config(), yaml.replace("listen: localhost:" + gatewayPort, "listen: localhost:" + FreePorts.next()));
        BulwarkNode.ReloadOutcome outcome = node.reload(ConfigLoader.load(config()));
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.message()).contains("gateway.listen").contains("needs a restart");
        assertThat(get("/bank/v1/products", token())).isEqualTo(200);
    }
}
