package io.bulwark.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.http.Problem;
import io.bulwark.server.VertxRuntime;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.testing.OtlpReceiver;
import io.bulwark.testing.OtlpReceiver.ReceivedSpan;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces on a started node over real HTTPS, exported over OTLP/HTTP to a real in-process receiver: one request is one
 * SERVER span with a span per pipeline step in the declared order and the upstream call's CLIENT span; a refusal names
 * its reason on the refusing step's span; the upstream sees a traceparent whose parent is that CLIENT span; a caller's
 * traceparent is continued only from a trusted network and never when malformed; a collector that hangs neither slows
 * nor fails requests, and what does not fit the queue is dropped and counted.
 */
class TracingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLLECTOR_KEY = "collector-key-0b7c1d";
    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    Path dir;

    private DevCertificateAuthority ca;
    private Vertx upstreamVertx;
    private final BlockingQueue<Map<String, String>> upstreamSaw = new LinkedBlockingQueue<>();
    private OtlpReceiver receiver;
    private BulwarkNode node;
    private HttpClient http;
    private ECKey clientKey;
    private final ECKey dpopKey = JwtFactory.ecKey("dpop-key");
    private int asPort;
    private int gatewayPort;
    private int upstreamPort;
    private TlsFiles server;
    private TlsFiles upstreamClient;

    @BeforeEach
    void start() throws Exception {
        ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        server = ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1"));
        upstreamClient = ca.clientIdentity("gateway-client", "Bulwark Gateway");
        upstreamPort = FreePorts.next();
        startRecordingUpstream(ca.serverIdentity("bank", List.of("localhost"), List.of("127.0.0.1")));
        receiver = OtlpReceiver.start();
        clientKey = JwtFactory.ecKey("partner-key");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml")));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        asPort = FreePorts.next();
        gatewayPort = FreePorts.next();
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build();
    }

    /** The API behind the gateway: answers the product catalogue and keeps the trace headers of every call. */
    private void startRecordingUpstream(TlsFiles identity) {
        upstreamVertx = VertxRuntime.create();
        upstreamVertx.createHttpServer(TlsPolicy.serverRequiringClientCertificate(identity, ca.caCertificate()))
                .requestHandler(request -> {
                    upstreamSaw.add(Map.of("traceparent", Optional.ofNullable(request.getHeader("traceparent")).orElse(""),
                            "tracestate", Optional.ofNullable(request.getHeader("tracestate")).orElse("")));
                    request.response().putHeader("Content-Type", "application/json").end("{\"products\":[]}");
                })
                .listen(upstreamPort, "localhost").toCompletionStage().toCompletableFuture().join();
    }

    private void startNode(String tracing) throws Exception {
        Path config = new NodeYaml("./data", "https://localhost:" + asPort, asPort, gatewayPort, server, ca.caCertificate(),
                upstreamPort, upstreamClient).sections(tracing).writeTo(dir.resolve("bulwark.yaml"));
        node = BulwarkNode.start(ConfigLoader.load(config, Map.of("OTLP_KEY", COLLECTOR_KEY)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        receiver.close();
        upstreamVertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private String exportingTo(String endpoint, String more) {
        return "tracing:\n  enabled: true\n  endpoint: " + endpoint + "\n  sampling-ratio: 1.0\n"
                + "  headers:\n    x-collector-key: {env: OTLP_KEY}\n" + more;
    }

    private HttpResponse<String> products(String token, String... headers) throws Exception {
        String url = "https://localhost:" + gatewayPort + "/bank/v1/products";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "DPoP " + token).header("DPoP", DpopProofs.proof(dpopKey, "GET", url, token));
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    /** The names of the node's steps in their declared order. */
    private List<String> declaredSteps() {
        return node.pipelineSteps().stream().map(step -> step.substring(0, step.indexOf(" ["))).toList();
    }

    /** The exported spans of the request answered with {@code response}, once its server span and {@code count} in all arrived. */
    private List<ReceivedSpan> trace(HttpResponse<String> response, int count) throws InterruptedException {
        String requestId = response.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Optional<ReceivedSpan> root = receiver.spans().stream()
                    .filter(span -> requestId.equals(span.attributes().get("bulwark.request_id"))).findFirst();
            if (root.isPresent()) {
                List<ReceivedSpan> trace = receiver.spans().stream().filter(span -> span.traceId().equals(root.get().traceId())).toList();
                if (trace.size() >= count) {
                    return trace;
                }
            }
            assertThat(System.nanoTime()).as("the request's %d spans exported within 15 s", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** From the server span down: each span's only INTERNAL child, in order. */
    private static List<ReceivedSpan> stepChain(List<ReceivedSpan> trace, ReceivedSpan server) {
        List<ReceivedSpan> chain = new ArrayList<>();
        ReceivedSpan current = server;
        while (true) {
            String parent = current.spanId();
            List<ReceivedSpan> children = trace.stream().filter(span -> span.parentSpanId().equals(parent) && span.kind().equals("SPAN_KIND_INTERNAL"))
                    .toList();
            assertThat(children.size()).as("step spans under %s", current.name()).isLessThanOrEqualTo(1);
            if (children.isEmpty()) {
                return chain;
            }
            current = children.getFirst();
            chain.add(current);
        }
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which, String what) {
        List<ReceivedSpan> found = trace.stream().filter(which).toList();
        assertThat(found).as(what).hasSize(1);
        return found.getFirst();
    }

    @Test
    void oneRequestIsAServerSpanOverOneSpanPerStepInTheDeclaredOrderAndTheUpstreamCallsClientSpan() throws Exception {
        startNode(exportingTo(receiver.endpoint(), ""));
        String token = token();
        HttpResponse<String> response = products(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<String> steps = declaredSteps();
        List<ReceivedSpan> trace = trace(response, steps.size() + 2);
        assertThat(trace).hasSize(steps.size() + 2);
        ReceivedSpan server = only(trace, span -> span.kind().equals("SPAN_KIND_SERVER"), "one server span");
        assertThat(server.parentSpanId()).as("a new trace: no caller's traceparent").isEmpty();
        assertThat(server.name()).isEqualTo("GET /bank/v1/products");
        assertThat(server.attributes()).containsEntry("http.request.method", "GET").containsEntry("http.route", "/bank/v1/products")
                .containsEntry("http.response.status_code", 200L).containsEntry("bulwark.api", "bank")
                .containsEntry("bulwark.operation_id", "listProducts").containsEntry("bulwark.client_id", "partner")
                .doesNotContainKeys("client.address", "url.full", "url.path", "user_agent.original");
        assertThat(server.error()).isFalse();

        List<ReceivedSpan> chain = stepChain(trace, server);
        assertThat(chain).extracting(ReceivedSpan::name).containsExactlyElementsOf(steps);
        assertThat(chain.subList(0, chain.size() - 1)).allSatisfy(step -> assertThat(step.attributes())
                .containsEntry("bulwark.step.outcome", "passed").doesNotContainKey("bulwark.refusal.reason"));
        ReceivedSpan proxy = chain.getLast();
        assertThat(proxy.attributes()).containsEntry("bulwark.step.outcome", "answered");

        ReceivedSpan client = only(trace, span -> span.kind().equals("SPAN_KIND_CLIENT"), "one upstream call");
        assertThat(client.parentSpanId()).as("the upstream call is the proxy step's child").isEqualTo(proxy.spanId());
        assertThat(client.attributes()).containsEntry("http.request.method", "GET").containsEntry("server.address", "localhost")
                .containsEntry("server.port", (long) upstreamPort).containsEntry("http.response.status_code", 200L);

        // W3C Trace Context §3.2: the upstream's parent is the gateway's CLIENT span.
        Map<String, String> seen = upstreamSaw.poll(5, TimeUnit.SECONDS);
        assertThat(seen.get("traceparent")).matches("00-" + client.traceId() + "-" + client.spanId() + "-0[13]");

        // No token, proof or address in any span; the collector's key went in the export's headers only.
        String token_ = token;
        assertThat(trace).allSatisfy(span -> assertThat(span.attributes().values()).noneMatch(value -> value.toString().contains(token_)
                || value.toString().contains("127.0.0.1") || value.toString().contains("DPoP")));
        assertThat(receiver.exportHeaders()).allSatisfy(headers -> assertThat(headers.get("X-collector-key")).containsExactly(COLLECTOR_KEY));
    }

    @Test
    void aRefusedRequestEndsAtTheRefusingStepsSpanWithItsReasonAndAnErrorStatus() throws Exception {
        startNode(exportingTo(receiver.endpoint(), ""));
        HttpResponse<String> response = products(null);
        assertThat(response.statusCode()).isEqualTo(401);

        List<String> steps = declaredSteps();
        int refusing = steps.indexOf("AccessTokenStep");
        List<ReceivedSpan> trace = trace(response, refusing + 2);
        ReceivedSpan server = only(trace, span -> span.kind().equals("SPAN_KIND_SERVER"), "one server span");
        List<ReceivedSpan> chain = stepChain(trace, server);
        assertThat(chain).extracting(ReceivedSpan::name).containsExactlyElementsOf(steps.subList(0, refusing + 1));
        ReceivedSpan refused = chain.getLast();
        String reason = (String) refused.attributes().get("bulwark.refusal.reason");
        assertThat(reason).isNotBlank();
        assertThat(refused.attributes()).containsEntry("bulwark.step.outcome", "refused");
        assertThat(refused.error()).isTrue();
        assertThat(refused.statusMessage()).isEqualTo(reason);
        assertThat(chain.subList(0, refusing)).allSatisfy(step -> assertThat(step.error()).isFalse());
        assertThat(trace).noneMatch(span -> span.kind().equals("SPAN_KIND_CLIENT"));
        assertThat(server.attributes()).containsEntry("http.response.status_code", 401L).containsEntry("http.route", "/bank/v1/products")
                .containsEntry("bulwark.refusal.reason", reason).doesNotContainKey("bulwark.client_id");
        assertThat(server.error()).as("a 4xx is no server error (semantic conventions)").isFalse();
        assertThat(upstreamSaw).isEmpty();
    }

    @Test
    void byDefaultACallersTraceparentStartsANewTraceAndExportOffStillPropagates() throws Exception {
        startNode("");
        String token = token();
        assertThat(products(token, "traceparent", INCOMING, "tracestate", "vendor=abc").statusCode()).isEqualTo(200);
        Map<String, String> seen = upstreamSaw.poll(5, TimeUnit.SECONDS);
        assertThat(seen.get("traceparent")).as("always propagated, even with export off").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]")
                .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736").doesNotContain("00f067aa0ba902b7");
        assertThat(seen.get("tracestate")).as("the untrusted caller's tracestate stays behind").isEmpty();
        assertThat(node.tracing().droppedSpans()).isZero();

        // The tracer lives as long as the node: a reload that changes tracing is refused and says why.
        Path changed = new NodeYaml("./data", "https://localhost:" + asPort, asPort, gatewayPort, server, ca.caCertificate(),
                upstreamPort, upstreamClient).sections(exportingTo(receiver.endpoint(), "")).writeTo(dir.resolve("changed.yaml"));
        BulwarkNode.ReloadOutcome outcome = node.reload(ConfigLoader.load(changed, Map.of("OTLP_KEY", COLLECTOR_KEY)));
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.message()).contains("tracing").contains("restart").doesNotContain(COLLECTOR_KEY);
    }

    @Test
    void aTrustedNetworksTraceparentIsContinuedAndAMalformedOneNeverForwarded() throws Exception {
        startNode(exportingTo(receiver.endpoint(), "  trust-traceparent-from: [127.0.0.1/32, \"::1\"]\n"));
        String token = token();
        HttpResponse<String> continued = products(token, "traceparent", INCOMING, "tracestate", "vendor=abc");
        assertThat(continued.statusCode()).isEqualTo(200);
        Map<String, String> seen = upstreamSaw.poll(5, TimeUnit.SECONDS);
        ReceivedSpan server = only(trace(continued, declaredSteps().size() + 2), span -> span.kind().equals("SPAN_KIND_SERVER"), "server");
        assertThat(server.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(server.parentSpanId()).as("the caller's span is the parent").isEqualTo("00f067aa0ba902b7");
        assertThat(seen.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").doesNotContain("00f067aa0ba902b7");
        assertThat(seen.get("tracestate")).isEqualTo("vendor=abc");

        for (String malformed : List.of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "garbage", INCOMING + "-extra")) {
            assertThat(products(token, "traceparent", malformed, "tracestate", "vendor=abc").statusCode()).isEqualTo(200);
            Map<String, String> fresh = upstreamSaw.poll(5, TimeUnit.SECONDS);
            assertThat(fresh.get("traceparent")).as(malformed).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]")
                    .doesNotContainIgnoringCase("4bf92f3577b34da6a3ce929d0e0e4736").isNotEqualTo(malformed);
            assertThat(fresh.get("tracestate")).as("no tracestate without its traceparent").isEmpty();
        }
    }

    @Test
    void aCollectorThatHangsNeitherSlowsNorFailsRequestsAndTheDroppedSpansAreCounted() throws Exception {
        // Accepts connections and never answers: each export waits out its timeout while requests keep coming.
        try (ServerSocket hanging = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(hanging.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            startNode(exportingTo("http://127.0.0.1:" + hanging.getLocalPort() + "/v1/traces",
                    "  max-queue-size: 64\n  export-timeout: 5s\n"));
            long slowest = 0;
            for (int i = 0; i < 40; i++) {
                long started = System.nanoTime();
                assertThat(products(null).statusCode()).isEqualTo(401);
                slowest = Math.max(slowest, System.nanoTime() - started);
            }
            assertThat(Duration.ofNanos(slowest)).as("no request waits for the collector").isLessThan(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (node.tracing().droppedSpans() == 0) {
                assertThat(System.nanoTime()).as("drops counted within 10 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(node.tracing().droppedSpans()).isPositive();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
