package io.bulwark.tls;

import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** A real Vert.x HTTPS server on a free loopback port that answers 200, naming the client certificate if there is one. */
final class HttpsTestServer implements AutoCloseable {

    private final HttpServer server;

    private HttpsTestServer(HttpServer server) {
        this.server = server;
    }

    static HttpsTestServer start(Vertx vertx, HttpServerOptions options) {
        HttpServer server = await(vertx.createHttpServer(options)
                .requestHandler(HttpsTestServer::answer)
                .listen(0, "127.0.0.1"));
        return new HttpsTestServer(server);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        await(server.close());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpServerRequest request) {
        String client;
        try {
            client = ((X509Certificate) request.connection().peerCertificates().getFirst())
                    .getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            client = "anonymous";
        }
        request.response().putHeader("content-type", "text/plain").end(client);
    }
}
