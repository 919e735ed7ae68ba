package io.bulwark.bench;

import io.bulwark.config.TlsFiles;
import io.bulwark.demo.bank.BankApi;
import io.bulwark.demo.bank.BankData;
import io.bulwark.server.VertxRuntime;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The demo bank as a benchmark upstream, in a process of its own: one port with mutual TLS (for
 * nginx and the gateway, which present the gateway's client certificate) and one with plain TLS
 * (for the load generator's direct baseline, since wrk cannot present a client certificate).
 * Args: tlsDir mtlsPort tlsPort.
 */
public final class BenchUpstream {

    public static void main(String[] args) {
        Path tls = Path.of(args[0]);
        int mtlsPort = Integer.parseInt(args[1]);
        int tlsPort = Integer.parseInt(args[2]);
        TlsFiles identity = new TlsFiles(tls.resolve("demo-bank.pem"), tls.resolve("demo-bank.key"));
        BankData data = BankData.generate(20261124L, LocalDate.now());
        Vertx vertx = VertxRuntime.create();
        int instances = Runtime.getRuntime().availableProcessors();
        deploy(vertx, TlsPolicy.serverRequiringClientCertificate(identity, tls.resolve("demo-bank-admits.pem")), mtlsPort, data, instances);
        deploy(vertx, TlsPolicy.server(identity), tlsPort, data, instances);
        System.out.println("bench upstream ready");
    }

    private static void deploy(Vertx vertx, HttpServerOptions options, int port, BankData data, int instances) {
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(options).requestHandler(BankApi.router(vertx, data)).listen(port, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture().join();
    }
}
