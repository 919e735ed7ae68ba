package io.bulwark.bench;

import io.bulwark.testing.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The packaged product running {@code demo} in its own process on free ports, with a data folder of its own
 * (deleted on close; the log stays beside it).
 */
record DemoProcess(ServerProcess server, Path dataDir, int asPort, int gatewayPort) implements AutoCloseable {

    /** Starts {@code jar} and waits until the demo says it is ready. */
    static DemoProcess start(Path jar, String name) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("bulwark-bench-" + name);
        int as = FreePorts.next();
        int gateway = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // For profiling, e.g. -Dbench.serverJavaOpts=-XX:StartFlightRecording=filename=/tmp/demo.jfr,settings=profile
        String options = System.getProperty("bench.serverJavaOpts", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "demo", "--data-dir", data.toString(),
                "--as-port", Integer.toString(as), "--gateway-port", Integer.toString(gateway), "--bank-port", Integer.toString(FreePorts.next()),
                "--management-port", Integer.toString(FreePorts.next()),
                // The load comes from one address: the demo's 1200 a minute per address would refuse it.
                "--requests-per-ip", "1000000000"));
        ServerProcess server = ServerProcess.start(command, data.resolveSibling(data.getFileName() + ".log"), "Bulwark demo is ready");
        return new DemoProcess(server, data, as, gateway);
    }

    String issuer() {
        return "https://localhost:" + asPort;
    }

    String gatewayOrigin() {
        return "https://localhost:" + gatewayPort;
    }

    /** The credentials file the demo wrote for {@code clientId}. */
    Path clientFile(String clientId) {
        return dataDir.resolve("demo/clients/" + clientId + ".json");
    }

    /** The dev CA that signed the demo's server certificates. */
    Path ca() {
        return dataDir.resolve("tls/ca.pem");
    }

    @Override
    public void close() {
        server.close();
        // The folder holds private keys and the demo users' passwords: not left behind in /tmp.
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dataDir + ": " + e.getMessage());
        }
    }
}
