package io.bulwark.demo;

import io.bulwark.config.TlsFiles;
import io.bulwark.demo.bank.BankApi;
import io.bulwark.demo.bank.BankData;
import io.bulwark.server.VertxRuntime;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The demo bank's own HTTPS server: mutual TLS required, and only the gateway's client
 * certificate admitted, so that the only way in is through the gateway.
 */
public final class DemoBankServer implements AutoCloseable {

    /** Seed of the demo data, so every run shows the same customers and accounts. */
    private static final long DATA_SEED = 20261124L;

    private final Vertx vertx;
    private final HttpServer server;
    private final BankData data;

    private DemoBankServer(Vertx vertx, HttpServer server, BankData data) {
        this.vertx = vertx;
        this.server = server;
        this.data = data;
    }

    /** Starts the bank on {@code port}, admitting only the certificate in {@code gatewayClientCertificate}. */
    public static DemoBankServer start(TlsFiles identity, Path gatewayClientCertificate, int port) {
        Vertx vertx = VertxRuntime.create();
        try {
            BankData data = BankData.generate(DATA_SEED, LocalDate.now());
            HttpServer server = vertx.createHttpServer(TlsPolicy.serverRequiringClientCertificate(identity, gatewayClientCertificate))
                    .requestHandler(BankApi.router(vertx, data))
                    .listen(port, "localhost")
                    .toCompletionStage().toCompletableFuture().join();
            return new DemoBankServer(vertx, server, data);
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            throw e;
        }
    }

    /** The bank's customers, accounts and history. */
    public BankData data() {
        return data;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
