package io.bulwark.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics of a running demo node, scraped over HTTP from its management routes after real HTTPS traffic through the
 * authorization server and the gateway: each series moves by what the traffic did, labels stay within their bounds, and
 * no token reaches the scrape.
 */
class MetricsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dataDir;
    private static Demo demo;
    private static ManagementEndpoint management;
    private static HttpClient http;
    private static String issuer;
    private static String gateway;

    @BeforeAll
    static void startDemo() throws Exception {
        dataDir = Files.createTempDirectory("bulwark-metrics");
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        management = ManagementEndpoint.of(demo.node());
        issuer = "https://localhost:" + ports.authorizationServer();
        gateway = "https://localhost:" + ports.gateway();
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"))).build();
        // Micrometer's GC pause timer comes into being at the JVM's first collection, which a node that has served for a
        // while has had and this young test JVM may not have (the dashboard reads jvm_gc_pause_seconds).
        System.gc();
        scrapeUntil(scrape -> scrape.names().contains("jvm_gc_pause_seconds_count"));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    // --- traffic, as a partner's client sends it ---

    static HttpResponse<String> tokenRequest(String clientId, boolean genuineAssertion) throws Exception {
        Path file = dataDir.resolve("demo/clients/" + clientId + ".json");
        ECKey key = genuineAssertion ? DemoClientCredentials.privateKey(file) : new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID(DemoClientCredentials.privateKey(file).getKeyID()).generate();
        Instant now = Instant.now();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new ECDSASigner(key));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "products:read");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion.serialize());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", DpopProofs.proof(DemoClientCredentials.dpopKey(file), "POST", issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A DPoP-bound token of demo-service (client credentials, private_key_jwt) for {@code products:read}. */
    static String serviceToken() throws Exception {
        HttpResponse<String> response = tokenRequest("demo-service", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        String url = gateway + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            ECKey key = DemoClientCredentials.dpopKey(dataDir.resolve("demo/clients/demo-service.json"));
            request.header("Authorization", "DPoP " + token).header("DPoP", DpopProofs.proof(key, "GET", url, token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> scrapeResponse(String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(management.url() + "/metrics")).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Exposition scrape() throws Exception {
        HttpResponse<String> response = scrapeResponse(null);
        assertThat(response.statusCode()).isEqualTo(200);
        return Exposition.parse(response.body());
    }

    /** Scrapes until {@code condition} holds (series fed by decision events arrive off the request path), at most 10 s. */
    static Exposition scrapeUntil(Predicate<Exposition> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Exposition scrape = scrape();
        while (!condition.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            scrape = scrape();
        }
        return scrape;
    }

    // --- the tests ---

    @Test
    void aTokenIssuedCountsOnceByGrantTypeClientAuthenticationAndSenderConstraint() throws Exception {
        Map<String, String> issued = Map.of("grant_type", "client_credentials", "client_auth_method", "private_key_jwt",
                "sender_constraint", "dpop");
        double before = scrape().value("bulwark_tokens_issued_total", issued);
        double okBefore = scrape().value("bulwark_oauth_requests_total", Map.of("endpoint", "token", "outcome", "ok"));

        String token = serviceToken();

        Exposition after = scrape();
        assertThat(after.value("bulwark_tokens_issued_total", issued)).isEqualTo(before + 1);
        assertThat(after.value("bulwark_oauth_requests_total", Map.of("endpoint", "token", "outcome", "ok"))).isEqualTo(okBefore + 1);
        // Neither the token nor any of its three parts is exposed, nor the client's DPoP key.
        assertThat(after.text()).doesNotContain(token);
        for (String part : token.split("\\.")) {
            assertThat(after.text()).doesNotContain(part);
        }
    }

    @Test
    void aFailedClientAuthenticationCountsAsInvalidClientAtTheTokenEndpoint() throws Exception {
        double before = scrape().value("bulwark_client_authentication_failures_total", Map.of("endpoint", "token"));

        HttpResponse<String> refused = tokenRequest("demo-service", false);

        // RFC 6749 §5.2: invalid_client, with 400 when the client did not authenticate through the Authorization header.
        assertThat(JSON.readTree(refused.body()).get("error").asText()).as(refused.body()).isEqualTo("invalid_client");
        Exposition after = scrape();
        assertThat(after.value("bulwark_client_authentication_failures_total", Map.of("endpoint", "token"))).isEqualTo(before + 1);
        assertThat(after.value("bulwark_oauth_requests_total", Map.of("endpoint", "token", "outcome", "invalid_client")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void oneRefusedRequestAddsOneToItsStepAndReasonAndToTheRequestsOfItsOperation() throws Exception {
        Map<String, String> refusal = Map.of("step", "AccessTokenStep", "reason", "missing_token");
        Map<String, String> requests = Map.of("api", "bank", "operation", "listAccounts", "status_class", "4xx", "client", "none");
        Exposition before = scrapeUntil(s -> true);
        double refusedBefore = before.value("bulwark_gateway_refusals_total", refusal);
        double requestsBefore = before.value("bulwark_http_requests_total", requests);
        double eventsBefore = before.value("bulwark_security_events_total", Map.of("type", "request_refused"));

        assertThat(get("/bank/v1/accounts", null).statusCode()).isEqualTo(401);

        Exposition after = scrapeUntil(s -> s.value("bulwark_http_requests_total", requests) > requestsBefore);
        assertThat(after.value("bulwark_gateway_refusals_total", refusal)).isEqualTo(refusedBefore + 1);
        assertThat(after.value("bulwark_http_requests_total", requests)).isEqualTo(requestsBefore + 1);
        assertThat(after.value("bulwark_security_events_total", Map.of("type", "request_refused"))).isEqualTo(eventsBefore + 1);
    }

    @Test
    void anAllowedRequestIsCountedForItsClientWithTheUpstreamAndTheGatewaySharesOfItsLatency() throws Exception {
        String token = serviceToken();
        Map<String, String> requests = Map.of("api", "bank", "operation", "listProducts", "status_class", "2xx", "client", "demo-service");
        Exposition before = scrape();
        double requestsBefore = before.value("bulwark_http_requests_total", requests);
        double upstreamBefore = before.value("bulwark_upstream_duration_seconds_count", Map.of("api", "bank"));
        double egressBefore = before.value("bulwark_bandwidth_bytes_total", Map.of("api", "bank", "direction", "egress"));

        HttpResponse<String> answer = get("/bank/v1/products", token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        // One decision event moves these meters one after another, off the request path: wait for all of them.
        Exposition after = scrapeUntil(s -> s.value("bulwark_http_requests_total", requests) > requestsBefore
                && s.value("bulwark_upstream_duration_seconds_count", Map.of("api", "bank")) > upstreamBefore
                && s.value("bulwark_bandwidth_bytes_total", Map.of("api", "bank", "direction", "egress")) > egressBefore);
        assertThat(after.value("bulwark_http_requests_total", requests)).isEqualTo(requestsBefore + 1);
        assertThat(after.value("bulwark_upstream_duration_seconds_count", Map.of("api", "bank"))).isEqualTo(upstreamBefore + 1);
        assertThat(after.value("bulwark_bandwidth_bytes_total", Map.of("api", "bank", "direction", "egress")))
                .isEqualTo(egressBefore + answer.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(after.value("bulwark_gateway_duration_seconds_bucket", Map.of("api", "bank", "le", "+Inf")))
                .isEqualTo(after.value("bulwark_http_request_duration_seconds_count", Map.of("api", "bank")));
        assertThat(after.value("bulwark_rate_limit_decisions_total", Map.of("decision", "admitted"))).as("the demo's per-address limit")
                .isPositive();
        assertThat(after.text()).doesNotContain(token);
    }

    @Test
    void aLongRandomPathCreatesNoNewLabelValue() throws Exception {
        SecureRandom random = new SecureRandom();
        String first = "/bank/v1/" + HexFormat.of().formatHex(random.generateSeed(64));
        assertThat(get(first, null).statusCode()).isEqualTo(404);
        Map<String, String> undeclared = Map.of("api", "none", "operation", "none");
        Exposition settled = scrapeUntil(s -> !s.series("bulwark_http_requests_total", undeclared).isEmpty());
        // The gateway's request series, which a path could add to; others (JVM, earlier tests' events) come and go apart.
        java.util.function.Function<Exposition, Set<String>> gatewaySeries = e -> e.samples().stream()
                .filter(sample -> sample.name().startsWith("bulwark_http_") || sample.name().startsWith("bulwark_gateway_")
                        || sample.name().startsWith("bulwark_bandwidth_"))
                .map(sample -> sample.name() + sample.labels()).collect(java.util.stream.Collectors.toSet());
        Set<String> series = gatewaySeries.apply(settled);
        double refused = settled.value("bulwark_gateway_refusals_total", Map.of("step", "RouteStep", "reason", "undeclared_route"));
        double counted = settled.value("bulwark_http_requests_total", undeclared);

        String second = "/bank/v1/" + HexFormat.of().formatHex(random.generateSeed(64));
        assertThat(get(second, null).statusCode()).isEqualTo(404);

        Exposition after = scrapeUntil(s -> s.value("bulwark_http_requests_total", undeclared) > counted);
        assertThat(after.value("bulwark_http_requests_total", undeclared)).isEqualTo(counted + 1);
        assertThat(after.value("bulwark_gateway_refusals_total", Map.of("step", "RouteStep", "reason", "undeclared_route")))
                .isEqualTo(refused + 1);
        assertThat(after.text()).doesNotContain(first.substring(9)).doesNotContain(second.substring(9));
        assertThat(gatewaySeries.apply(after)).as("no new series for a new path").isEqualTo(series);
    }

    @Test
    void theScrapeIsOpenMetricsWhenAskedForAndPrometheusTextOtherwise() throws Exception {
        HttpResponse<String> openMetrics = scrapeResponse("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(openMetrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body().strip()).endsWith("# EOF");

        HttpResponse<String> text = scrapeResponse(null);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(text.body()).doesNotContain("# EOF");
    }

    @Test
    void theProcessTheAuditTrailAndTheKeysAreWatched() throws Exception {
        assertThat(get("/.well-known/jwks.json", null).statusCode()).isEqualTo(200);
        Exposition scrape = scrapeUntil(s -> s.value("bulwark_audit_commit_seconds_count", Map.of()) > 0);
        assertThat(scrape.value("bulwark_audit_commit_seconds_count", Map.of())).isPositive();
        assertThat(scrape.value("bulwark_audit_committed_events_total", Map.of())).isPositive();
        assertThat(scrape.series("bulwark_audit_queue_depth", Map.of())).hasSize(1);
        assertThat(scrape.value("bulwark_decision_events_total", Map.of("listener", "metrics", "outcome", "delivered"))).isPositive();
        assertThat(scrape.value("bulwark_signing_key_age_seconds", Map.of("purpose", "access-token"))).isGreaterThanOrEqualTo(0);
        assertThat(scrape.series("bulwark_signing_key_age_seconds", Map.of("purpose", "gateway-identity"))).hasSize(1);
        assertThat(scrape.value("bulwark_upstream_circuit_state", Map.of("api", "bank", "state", "closed"))).isEqualTo(1);
        assertThat(scrape.value("bulwark_upstream_circuit_state", Map.of("api", "bank", "state", "open"))).isZero();
        assertThat(scrape.series("bulwark_connections_open", Map.of("listener", "gateway"))).hasSize(1);
        assertThat(scrape.series("bulwark_connections_open", Map.of("listener", "authorization_server"))).hasSize(1);
        assertThat(scrape.value("hikaricp_connections_max", Map.of("pool", "bulwark-h2"))).isEqualTo(8);
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds");
    }

    // --- the Grafana dashboard ---

    private static final Path DASHBOARD = Path.of("deploy/grafana/bulwark.json");

    @Test
    void theGrafanaDashboardNamesOnlyMetricsTheRunningDemoExposes() throws Exception {
        // Traffic that brings the labelled series into being: a token, a failed client authentication, an allowed and a
        // refused request through the gateway.
        String token = serviceToken();
        tokenRequest("demo-service", false);
        assertThat(get("/bank/v1/products", token).statusCode()).isEqualTo(200);
        assertThat(get("/bank/v1/accounts", null).statusCode()).isEqualTo(401);
        Exposition scrape = scrapeUntil(s -> !s.series("bulwark_http_requests_total", Map.of("client", "demo-service")).isEmpty()
                && !s.series("bulwark_http_requests_total", Map.of("status_class", "4xx")).isEmpty());

        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.get("templating").get("list")).anySatisfy(variable -> {
            assertThat(variable.get("type").asText()).isEqualTo("datasource");
            assertThat(variable.get("query").asText()).isEqualTo("prometheus");
        });
        List<String> expressions = expressions(dashboard);
        assertThat(expressions).as("PromQL in the dashboard").hasSizeGreaterThan(20);
        assertThat(expressions).anyMatch(e -> e.contains("histogram_quantile") && e.contains("_bucket"));
        assertThat(missing(expressions, scrape.names())).as("metrics the dashboard reads that /metrics does not expose").isEmpty();

        // The check fails for a panel that names a metric no node exposes.
        ((ObjectNode) dashboard.get("panels").get(1).get("targets").get(0)).put("expr", "sum(rate(bulwark_htp_requests_total[5m]))");
        assertThat(missing(expressions(dashboard), scrape.names())).containsExactly("bulwark_htp_requests_total");
    }

    /** Every PromQL expression of the dashboard: each panel target's {@code expr} and each query variable's query. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        collect(dashboard.get("panels"), expressions);
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.get("query");
                expressions.add(query.isTextual() ? query.asText() : query.get("query").asText());
            }
        }
        return expressions;
    }

    private static void collect(JsonNode node, List<String> expressions) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr")) {
                    expressions.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), expressions);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, expressions));
        }
    }

    static Set<String> missing(List<String> expressions, Set<String> exposed) {
        Set<String> missing = new TreeSet<>();
        expressions.forEach(expression -> PromQlMetricNames.of(expression).stream().filter(name -> !exposed.contains(name))
                .forEach(missing::add));
        return missing;
    }
}
