package io.bulwark.bench;

import io.bulwark.config.ApiConfig;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.server.HttpsListener;
import io.bulwark.server.VertxRuntime;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The thread hand-off experiment of issue 10 (bench/hand-off.sh): a TLS proxy to the bench upstream over mTLS that
 * does nothing but the hand-offs, so that what they cost shows alone. Modes:
 * {@code event-loop} (no hand-off: the request, the upstream call and the answer on one event loop, in futures),
 * {@code virtual-thread} (the gateway's model: {@link HttpsListener}'s virtual thread per request awaiting the upstream)
 * and {@code virtual-thread-writer} (as the gateway: the virtual thread also waits for a platform thread that
 * stands in for the audit writer, which the group commit hands each request's event to).
 * Args: mode dataDir asPort gatewayPort bankPort listenPort (the data folder a BenchGateway prepared).
 */
public final class HandOffProxy {

    private static final String SUBJECT = "X-Bulwark-Subject";

    public static void main(String[] args) {
        String mode = args[0];
        DemoPorts ports = new DemoPorts(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        int port = Integer.parseInt(args[5]);
        Path data = Path.of(args[1]);
        ApiConfig bank = DemoEnvironment.prepare(data, ports).config().gateway().apis().getFirst();
        Vertx vertx = VertxRuntime.create();
        HttpClient client = vertx.createHttpClient(TlsPolicy.client(bank.upstream().clientIdentity(), bank.upstream().trustedCa())
                .setProtocolVersion(HttpVersion.HTTP_1_1).setAlpnVersions(List.of(HttpVersion.HTTP_1_1)), new PoolOptions().setHttp1MaxSize(64));
        URI upstream = bank.upstream().url();
        Path tls = data.resolve("tls");
        HttpServerOptions server = TlsPolicy.server(new TlsFiles(tls.resolve("demo-bank.pem"), tls.resolve("demo-bank.key")));
        switch (mode) {
            case "event-loop" -> onEventLoops(vertx, server, port, request -> forward(client, upstream, request)
                    .onComplete(answer -> answer(request, answer.succeeded() ? answer.result() : null)));
            case "virtual-thread" -> HttpsListener.start(vertx, server, "localhost", port,
                    () -> request -> answer(request, awaitUpstream(client, upstream, request)));
            case "virtual-thread-writer" -> {
                Writer writer = new Writer();
                HttpsListener.start(vertx, server, "localhost", port, () -> request -> {
                    Buffer body = awaitUpstream(client, upstream, request);
                    writer.commit();
                    answer(request, body);
                });
            }
            default -> throw new IllegalArgumentException("mode: event-loop, virtual-thread or virtual-thread-writer, not " + mode);
        }
        System.out.println("hand-off proxy ready: " + mode);
    }

    private static void onEventLoops(Vertx vertx, HttpServerOptions options, int port, Handler<HttpServerRequest> handler) {
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(options).requestHandler(handler).listen(port, "localhost");
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)
                .setInstances(Runtime.getRuntime().availableProcessors())).toCompletionStage().toCompletableFuture().join();
    }

    private static Future<Buffer> forward(HttpClient client, URI upstream, HttpServerRequest request) {
        String path = request.path().substring("/bank/v1".length());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.getHost()).setPort(upstream.getPort())
                .setSsl(true).setURI(upstream.getRawPath() + path).putHeader(SUBJECT, request.getHeader(SUBJECT));
        return client.request(options).compose(outbound -> outbound.send()).compose(inbound -> inbound.body());
    }

    private static Buffer awaitUpstream(HttpClient client, URI upstream, HttpServerRequest request) {
        try {
            return forward(client, upstream, request).await();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void answer(HttpServerRequest request, Buffer body) {
        if (body == null) {
            request.response().setStatusCode(502).end();
        } else {
            request.response().putHeader("Content-Type", "application/json").end(body);
        }
    }

    /** One platform thread taking work off a queue and completing it, as the audit writer does with each batch. */
    private static final class Writer {
        private final BlockingQueue<CompletableFuture<Void>> queue = new ArrayBlockingQueue<>(10_000);

        private Writer() {
            Thread.ofPlatform().daemon().name("hand-off-writer").start(this::run);
        }

        void commit() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            queue.add(done);
            done.join();
        }

        private void run() {
            try {
                while (true) {
                    queue.take().complete(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
