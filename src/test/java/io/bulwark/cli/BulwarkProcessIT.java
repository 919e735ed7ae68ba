package io.bulwark.cli;

import io.bulwark.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged product as a user runs it, in separate processes talking real HTTP over TLS: the
 * jar's demo, the README's quickstart script against it, a clean stop, and the CLI's refusals.
 */
class BulwarkProcessIT {

    private static final Path JAR = Path.of(System.getProperty("bulwark.jar", "target/bulwark.jar"));
    private static final Path PROJECT = Path.of(System.getProperty("bulwark.project.dir", "."));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void theDemoServesTheQuickstartAndStopsCleanly() throws Exception {
        int as = FreePorts.next();
        int gateway = FreePorts.next();
        int bank = FreePorts.next();
        int management = FreePorts.next();
        Path data = dir.resolve("data");
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "demo", "--data-dir", data.toString(),
                "--as-port", Integer.toString(as), "--gateway-port", Integer.toString(gateway), "--bank-port", Integer.toString(bank),
                "--management-port", Integer.toString(management))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitOutput(log, "Bulwark demo is ready", Duration.ofSeconds(60));
            assertThat(Files.readString(log)).contains("https://localhost:" + gateway + "/bank/v1")
                    .contains("https://127.0.0.1:" + management)
                    .contains("demo-partner").contains("demo-mtls").contains("DPoP-bound").contains("alice").contains("bob");

            ProcessBuilder quickstart = new ProcessBuilder("bash", "examples/quickstart.sh").directory(PROJECT.toFile());
            Map<String, String> env = quickstart.environment();
            env.put("BULWARK_DATA", data.toString());
            env.put("BULWARK_AS", "https://localhost:" + as);
            env.put("BULWARK_GATEWAY", "https://localhost:" + gateway);
            env.put("JAVA_HOME", System.getProperty("java.home"));
            Result result = run(quickstart, Duration.ofSeconds(60));
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).contains("\"products\"").contains("\"productId\"");

            // The embedded store serves one process: an operator command says so instead of failing obscurely.
            Result busy = run(new ProcessBuilder(JAVA, "-jar", JAR.toString(), "clients", "list", "--data-dir", data.toString()),
                    Duration.ofSeconds(60));
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.output()).contains("in use by a running Bulwark node").contains("stop the node first");
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C or a process manager would send
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo stops within 30 s").isTrue();
        }
        assertThat(Files.readString(log)).contains("Stopped.");
    }

    @Test
    void serveRefusesAnInvalidConfigurationNamingTheFileThePathAndTheFix() throws Exception {
        Path config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "authorization-server:\n  issuer: http://as.example\n  listen: 0.0.0.0:8443\n");
        Result result = run(new ProcessBuilder(JAVA, "-jar", JAR.toString(), "serve", "--config", config.toString()), Duration.ofSeconds(60));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains(config.toString()).contains("authorization-server.issuer")
                .contains("https").contains("fix:").contains("nothing was started");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("demo", "--help"), List.of("serve", "--help"),
                List.of("client-assertion", "--help"), List.of("dpop-proof", "--help"))) {
            List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
            command.addAll(args);
            Result result = run(new ProcessBuilder(command), Duration.ofSeconds(30));
            assertThat(result.exit()).as(String.join(" ", args)).isZero();
            assertThat(result.output()).contains("Usage: bulwark");
        }
        Result unknown = run(new ProcessBuilder(JAVA, "-jar", JAR.toString(), "frobnicate"), Duration.ofSeconds(30));
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.output()).contains("Unmatched argument");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder builder, Duration timeout) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish within " + timeout + ": " + builder.command());
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void awaitOutput(Path log, String line, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + line + "' did not appear within " + timeout + ":\n" + Files.readString(log));
    }
}
