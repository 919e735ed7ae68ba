package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A second full gateway (authorization server and gateway, its own data folder) running another build's classes, so
 * that a lever is measured against the build before it in the same run ({@code -Dbench.baselineClasses=DIR}).
 */
record BaselineGateway(ServerProcess process, DemoEnvironment environment, DemoPorts ports, ECKey dpopKey) implements AutoCloseable {

    static BaselineGateway start(Path dir, Path tls, String java, String classpath, List<String> javaOptions, int bankPort) throws Exception {
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), bankPort);
        Path data = dir.resolve("data-baseline");
        // The same dev CA and gateway client certificate, so that the bench bank admits this gateway too; clients of its own.
        Files.createDirectories(data);
        try (var files = Files.walk(tls)) {
            for (Path file : files.toList()) {
                Files.copy(file, data.resolve("tls").resolve(tls.relativize(file).toString()));
            }
        }
        DemoEnvironment environment = DemoEnvironment.prepare(data, ports);
        List<String> command = new java.util.ArrayList<>(GatewayBenchmark.javaCommand(java, classpath, BenchGateway.class,
                environment.dataDir().toString(), Integer.toString(ports.authorizationServer()), Integer.toString(ports.gateway()),
                Integer.toString(bankPort)));
        command.addAll(1, javaOptions);
        ServerProcess process = ServerProcess.start(command, dir.resolve("gateway-baseline.log"), "bench gateway ready");
        ECKey ownDpopKey = io.bulwark.demo.DemoClientCredentials.dpopKey(environment.dataDir().resolve("demo/clients/demo-service.json"));
        return new BaselineGateway(process, environment, ports, ownDpopKey);
    }

    /** A fresh DPoP-bound token of this gateway's authorization server. */
    String freshToken() {
        try {
            return DemoServiceToken.token(environment, ports, dpopKey);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
