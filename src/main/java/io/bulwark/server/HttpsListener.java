package io.bulwark.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An HTTPS listener whose request handlers run on virtual threads, so that request code is
 * written straight (blocking on the store or {@code Future.await()}) without holding an event loop.
 * One instance per core shares the port.
 */
public final class HttpsListener extends VerticleBase {

    private final HttpServerOptions options;
    private final String host;
    private final int port;
    private final Handler<HttpServerRequest> handler;
    private final AtomicInteger boundPort;
    private final ConnectionGuard guard;

    private HttpsListener(HttpServerOptions options, String host, int port, Handler<HttpServerRequest> handler, AtomicInteger boundPort,
                          ConnectionGuard guard) {
        this.guard = guard;
        this.options = options;
        this.host = host;
        this.port = port;
        this.handler = handler;
        this.boundPort = boundPort;
    }

    /**
     * Starts the listener and returns the port it is bound to (useful when {@code port} is 0).
     * Blocks until it listens or has failed to.
     */
    public static int start(Vertx vertx, HttpServerOptions options, String host, int port, Supplier<Handler<HttpServerRequest>> handlers) {
        return start(vertx, options, host, port, handlers, null);
    }

    /**
     * As {@link #start(Vertx, HttpServerOptions, String, int, Supplier)}, with connection-level limits: {@code guard}
     * (shared by every instance of this listener) sees each connection and request first.
     */
    public static int start(Vertx vertx, HttpServerOptions options, String host, int port, Supplier<Handler<HttpServerRequest>> handlers,
                            ConnectionGuard guard) {
        AtomicInteger bound = new AtomicInteger(port);
        int instances = port == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
        if (guard != null) {
            guard.start(vertx);
        }
        vertx.deployVerticle(() -> new HttpsListener(options, host, port, handlers.get(), bound, guard),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD).setInstances(instances))
                .toCompletionStage().toCompletableFuture().join();
        return bound.get();
    }

    @Override
    public Future<?> start() {
        HttpServer server = vertx.createHttpServer(options);
        if (guard == null) {
            server.requestHandler(handler);
        } else {
            server.connectionHandler(guard.connectionHandler()).requestHandler(guard.requests(handler));
        }
        return server.listen(port, host).onSuccess(s -> boundPort.set(s.actualPort()));
    }
}
