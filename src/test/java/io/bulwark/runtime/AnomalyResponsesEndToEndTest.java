package io.bulwark.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.response.ActiveThrottles;
import io.bulwark.anomaly.response.AnomalyAction;
import io.bulwark.anomaly.response.AnomalyActions;
import io.bulwark.anomaly.response.AnomalyResponder;
import io.bulwark.anomaly.response.ResponseEvents;
import io.bulwark.audit.AuditQuery;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoBankServer;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses on a started node over HTTPS: an enforced throttle answers 429 with the RateLimit fields at the gateway's
 * listener and an observed one changes nothing; a lift restores; a suspension refuses the client's token until its time
 * is up and the node's sweep enables it again; every step is an audit record; {@code GET /anomalies} on the management
 * listener lists them and refuses bad queries with a problem.
 */
class AnomalyResponsesEndToEndTest {

    private static final ECKey DPOP_KEY = JwtFactory.ecKey("dpop-key");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THROTTLE_POLICY = "\"" + ActiveThrottles.QUOTA_NAME + "\";q=2;w=3600";

    @TempDir
    Path dir;

    private HttpClient http;
    private ECKey clientKey;

    @Test
    void throttleAndSuspensionChangeWhatTheGatewayAnswersInEnforceOnlyAndEndByLiftAndByTime() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles bankIdentity = ca.serverIdentity("bank", List.of("localhost"), List.of("127.0.0.1"));
        int bankPort = FreePorts.next();
        clientKey = JwtFactory.ecKey("partner-key");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        Path file = new NodeYaml("./data", "https://localhost:" + asPort, asPort, FreePorts.next(),
                ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1")), ca.caCertificate(), bankPort,
                ca.clientIdentity("gateway-client", "Bulwark Gateway")).writeTo(dir.resolve("bulwark.yaml"));
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();

        AtomicReference<JdbcStore> storeOfNode = new AtomicReference<>();
        Extensions extensions = Extensions.NONE.withManagementRoutes(new AnomalyRoutes(() -> storeOfNode.get().anomalyActions()));
        Vertx vertx = Vertx.vertx();
        try (DemoBankServer bank = DemoBankServer.start(bankIdentity, ca.caCertificate(), bankPort);
             BulwarkNode node = BulwarkNode.start(ConfigLoader.load(file), Clock.systemUTC(), AccountDirectory.NONE, extensions)) {
            JdbcStore store = (JdbcStore) node.store();
            storeOfNode.set(store);
            String token = token(asPort);
            String products = "https://localhost:" + node.gatewayPort() + "/bank/v1/products";
            assertThat(call(products, token).statusCode()).isEqualTo(200);

            Rule throttle = new Rule(List.of("behaviour.rate"), Level.MEDIUM, Set.of(), Action.THROTTLE, Optional.of(Duration.ofMinutes(15)),
                    Optional.of(new Rate(2, Duration.ofHours(1))));
            // Seconds, not minutes: the reader's bounds are for operators; the sweep's timing is what is tested here.
            Rule suspend = new Rule(List.of("behaviour.burst"), Level.MEDIUM, Set.of(), Action.SUSPEND, Optional.of(Duration.ofSeconds(6)),
                    Optional.empty());
            AnomalyResponseConfig enforce = new AnomalyResponseConfig(Mode.ENFORCE, List.of(throttle, suspend),
                    AnomalyResponseConfig.Circuit.DEFAULT, Set.of(), Set.of(), Duration.ofSeconds(1));
            AnomalyResponses responses = AnomalyResponses.start(vertx, enforce, store, node.securityEvents().hub(), Clock.systemUTC());
            AnomalyResponder observing = new AnomalyResponder(new AnomalyResponseConfig(Mode.OBSERVE, List.of(throttle, suspend),
                    AnomalyResponseConfig.Circuit.DEFAULT, Set.of(), Set.of(), Duration.ofSeconds(1)), store.anomalyActions(), store.clients(),
                    store.grants(), node.securityEvents().hub(), Clock.systemUTC());

            // Observe: recorded as what would have been done; the gateway answers as before, past the throttle's limit.
            assertThat(observing.respond(alert("behaviour.rate"))).isEqualTo(AnomalyResponder.Decision.ACTED);
            assertThat(observing.respond(alert("behaviour.burst"))).isEqualTo(AnomalyResponder.Decision.ACTED);
            Thread.sleep(AnomalyResponses.THROTTLE_REFRESH.toMillis() + 500);
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = call(products, token);
                assertThat(response.statusCode()).as("observe changes nothing").isEqualTo(200);
                assertThat(response.headers().allValues("RateLimit-Policy")).noneMatch(value -> value.contains(ActiveThrottles.QUOTA_NAME));
            }

            // Enforce: within the view's refresh, the gateway counts the client in the throttle's bucket and refuses past it.
            assertThat(responses.responder().respond(alert("behaviour.rate"))).isEqualTo(AnomalyResponder.Decision.ACTED);
            HttpResponse<String> refused = until(() -> call(products, token), response -> response.statusCode() == 429);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/rate-limited");
            assertThat(refused.body()).contains(ActiveThrottles.QUOTA_NAME);
            // Beside the configured address limit (the default per-ip policy), in the same RFC 9651 lists.
            assertThat(refused.headers().firstValue("RateLimit-Policy").orElseThrow()).contains(THROTTLE_POLICY);
            assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).contains("\"" + ActiveThrottles.QUOTA_NAME + "\";r=0;t=");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            // The management API lists it (open, newest first) and refuses a bad query with a problem.
            String management = "https://localhost:" + node.managementPort();
            JsonNode listed = JSON.readTree(get(management + "/anomalies").body()).get("actions");
            assertThat(listed).hasSize(3);
            assertThat(listed.get(0).get("action").asText()).isEqualTo("throttle");
            assertThat(listed.get(0).get("status").asText()).isEqualTo("active");
            assertThat(listed.get(0).get("mode").asText()).isEqualTo("enforce");
            assertThat(listed.get(0).get("rate").asText()).isEqualTo("2/1h");
            // The observed throttle lasts 15 minutes; the observed 6-second suspension may have expired already.
            assertThat(listed.findParents("mode")).filteredOn(action -> action.get("mode").asText().equals("observe")
                    && action.get("action").asText().equals("throttle")).singleElement()
                    .satisfies(action -> assertThat(action.get("status").asText()).isEqualTo("observed"));
            for (String bad : List.of("?status=closed", "?limit=0", "?limit=ten", "?order=asc", "?status=open&status=all")) {
                HttpResponse<String> problem = get(management + "/anomalies" + bad);
                assertThat(problem.statusCode()).as(bad).isEqualTo(400);
                assertThat(problem.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(JSON.readTree(problem.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/invalid-query");
            }
            assertThat(JSON.readTree(get(management + "/anomalies?status=all&limit=1").body()).get("actions")).hasSize(1);

            // A lift ends it on the node within the view's refresh.
            String throttleId = listed.get(0).get("id").asText();
            assertThat(responses.actions().lift(throttleId, "alice", "partner confirmed the batch job"))
                    .isInstanceOf(AnomalyActions.Result.Done.class);
            HttpResponse<String> afterLift = until(() -> call(products, token), response -> response.statusCode() == 200);
            assertThat(afterLift.headers().allValues("RateLimit-Policy")).noneMatch(value -> value.contains(ActiveThrottles.QUOTA_NAME));

            // A suspension: the client's token is refused at the gateway, and the client cannot get a new one, until the
            // node's sweep ends the suspension six seconds on and enables the client again.
            assertThat(responses.responder().respond(alert("behaviour.burst"))).isEqualTo(AnomalyResponder.Decision.ACTED);
            assertThat(store.clients().find("partner").orElseThrow().disabled()).isTrue();
            until(() -> call(products, token), response -> response.statusCode() == 401);
            assertThat(tokenResponse(asPort).statusCode()).isEqualTo(400);
            until(() -> call(products, token), response -> response.statusCode() == 200);
            assertThat(store.clients().find("partner").orElseThrow().disabled()).isFalse();
            AnomalyAction suspension = store.anomalyActions().list(false, 1).getFirst();
            assertThat(suspension.action()).isEqualTo(Action.SUSPEND);
            assertThat(suspension.status()).isEqualTo(AnomalyAction.Status.EXPIRED);
            assertThat(suspension.ended().by()).isEqualTo(AnomalyActions.EXPIRY);

            // Every step is a security event kept in the audit trail: observed, taken, lifted, expired.
            List<String> outcomes = until(() -> responseRecords(store), records -> records.size() >= 6);
            assertThat(outcomes).contains("would_have_taken", "taken", "lifted", "expired");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static List<String> responseRecords(JdbcStore store) {
        List<ChainedAuditRecord> records = store.auditSearch().find(AuditQuery.between(Instant.EPOCH, Optional.empty()), 0, 10_000);
        return records.stream().filter(record -> record.eventJson().contains("\"" + ResponseEvents.RESPONSE + "\""))
                .map(record -> {
                    try {
                        return JSON.readTree(record.eventJson()).findValue("outcome").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static AnomalyAlert alert(String kind) {
        return new AnomalyAlert(Instant.now(), AnomalyAlert.Detector.BEHAVIOUR, kind, new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.CLIENT,
                "partner"), AnomalyAlert.Severity.HIGH, 0.97, List.of("requests per minute: 900 (usually 40)"), null);
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws Exception;
    }

    /** Tries {@code attempt} until its result passes {@code done}, for at most 10 s. */
    private static <T> T until(Attempt<T> attempt, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            T result = attempt.run();
            if (done.test(result)) {
                return result;
            }
            assertThat(System.nanoTime()).as("condition met within 10 s; last: %s", result).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> call(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token)
                .header("DPoP", DpopProofs.proof(DPOP_KEY, "GET", url, token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(int asPort) throws Exception {
        HttpResponse<String> response = tokenResponse(asPort);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> tokenResponse(int asPort) throws Exception {
        Instant now = Instant.now();
        String issuer = "https://localhost:" + asPort;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(clientKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("partner").subject("partner").audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(clientKey));
        String form = "grant_type=client_credentials&scope=products%3Aread"
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + jwt.serialize();
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", DpopProofs.proof(DPOP_KEY, "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
