package io.bulwark.runtime;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.DecisionDispatcher;
import io.bulwark.audit.DecisionListener;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.http.Problem;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capability extension point on a started node over HTTPS: decision listeners registered at start receive each
 * gateway request's audit event off the request path (a blocked or throwing listener neither delays nor breaks a
 * request; what does not fit its queue is dropped and counted), and management routes are kept for mounting.
 */
class DecisionListenerEndToEndTest {

    // A request held up by a listener fails here instead of hanging the build.
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private DemoEnvironment environment;
    private HttpClient http;

    @BeforeEach
    void prepare() {
        environment = DemoEnvironment.prepare(dir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()));
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
    }

    private HttpResponse<String> get(BulwarkNode node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.gatewayPort() + path)).timeout(ANSWER_WITHIN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AuditEvent next(BlockingQueue<AuditEvent> events) throws InterruptedException {
        AuditEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a decision event within 10 s").isNotNull();
        return event;
    }

    @Test
    void aListenerRegisteredAtStartReceivesEveryRequestsDecisionAlsoAfterAReload() throws Exception {
        BlockingQueue<AuditEvent> events = new LinkedBlockingQueue<>();
        ManagementRoutes inventory = router -> router.get("/inventory").handler(context -> context.end("[]"));
        Extensions extensions = Extensions.NONE.withDecisionListener(events::add).withManagementRoutes(inventory);
        try (BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC(), AccountDirectory.NONE, extensions)) {
            HttpResponse<String> jwks = get(node, "/.well-known/jwks.json");
            AuditEvent allowed = next(events);
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(allowed.requestId()).isEqualTo(jwks.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow());
            assertThat(allowed.decision()).isEqualTo(AuditDecision.ALLOWED);
            assertThat(allowed.status()).isEqualTo(200);

            HttpResponse<String> undeclared = get(node, "/bank/v1/not-declared");
            AuditEvent refused = next(events);
            assertThat(undeclared.statusCode()).isEqualTo(404);
            assertThat(refused.requestId()).isEqualTo(undeclared.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow());
            assertThat(refused.decision()).isEqualTo(AuditDecision.REFUSED);
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.path()).isEqualTo("/bank/v1/not-declared");

            // A reload builds a new pipeline; the listeners attached at start stay attached.
            BulwarkNode.ReloadOutcome outcome = node.reload(environment.config());
            assertThat(outcome.applied()).as(outcome.message()).isTrue();
            HttpResponse<String> afterReload = get(node, "/bank/v1/not-declared");
            assertThat(next(events).requestId()).isEqualTo(afterReload.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow());
            assertThat(events).as("one event per request").isEmpty();

            // The management routes are kept for the management listener to mount: the capabilities', then the node's own
            // security event stream, anomaly responses and metrics.
            assertThat(node.managementRoutes()).hasSize(4).first().isEqualTo(inventory);
            assertThat(node.managementRoutes().get(2)).isInstanceOf(AnomalyRoutes.class);
            assertThat(node.managementRoutes().get(3)).isInstanceOf(MetricsRoutes.class);
            Vertx vertx = Vertx.vertx();
            try {
                Router router = Router.router(vertx);
                node.managementRoutes().forEach(routes -> routes.mount(router));
                assertThat(router.getRoutes()).extracting(Route::getPath).containsExactly("/inventory", "/events/stream", "/anomalies", MetricsRoutes.PATH);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    @Test
    void aBlockedOrThrowingListenerNeitherDelaysNorBreaksRequestsAndOverflowIsCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DecisionListener blocked = event -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        AtomicInteger thrown = new AtomicInteger();
        DecisionListener throwing = event -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("a listener bug");
        };
        Extensions extensions = Extensions.NONE.withDecisionListener(blocked).withDecisionListener(throwing).withDecisionQueueCapacity(1);
        try (BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC(), AccountDirectory.NONE, extensions)) {
            DecisionDispatcher blockedDispatcher = node.decisionDispatchers().get(0);
            DecisionDispatcher throwingDispatcher = node.decisionDispatchers().get(1);
            assertThat(get(node, "/bank/v1/not-declared").statusCode()).isEqualTo(404);
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the blocked listener took the first event").isTrue();
            awaitUntil(() -> thrown.get() == 1);

            // While the listener is blocked: one event waits in its queue of one, the next two are dropped.
            for (int i = 2; i <= 4; i++) {
                HttpResponse<String> response = get(node, "/.well-known/jwks.json");
                assertThat(response.statusCode()).as("answered while the listener is blocked").isEqualTo(200);
                int expected = i;
                awaitUntil(() -> thrown.get() == expected);
            }
            assertThat(release.getCount()).as("still blocked").isEqualTo(1);
            assertThat(blockedDispatcher.dropped()).isEqualTo(2);
            assertThat(blockedDispatcher.delivered()).isZero();

            release.countDown();
            awaitUntil(() -> blockedDispatcher.delivered() == 2 && throwingDispatcher.failed() == 4);
            assertThat(blockedDispatcher.dropped()).isEqualTo(2);
            assertThat(thrown).hasValue(4);
            assertThat(throwingDispatcher.delivered()).isZero();
            assertThat(get(node, "/bank/v1/not-declared").statusCode()).as("the node serves on after a listener threw").isEqualTo(404);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
