package io.bulwark.observability;

import io.bulwark.runtime.BulwarkNode;
import io.bulwark.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * Serves a node's management routes for the tests until the management listener exists: an HTTP server on loopback that
 * mounts every {@link io.bulwark.runtime.ManagementRoutes} the node keeps, as that listener will. Once it lands,
 * {@link #of} becomes the listener's URL and nothing else in the tests changes.
 */
final class ManagementEndpoint implements AutoCloseable {

    private final Vertx vertx;
    private final String url;

    private ManagementEndpoint(Vertx vertx, String url) {
        this.vertx = vertx;
        this.url = url;
    }

    static ManagementEndpoint of(BulwarkNode node) {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        node.managementRoutes().forEach(routes -> routes.mount(router));
        int port = FreePorts.next();
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new ManagementEndpoint(vertx, "http://127.0.0.1:" + port);
    }

    /** The base URL: {@code /metrics} and the other management paths go after it. */
    String url() {
        return url;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
