package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.config.TlsFiles;
import io.bulwark.http.Problem;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real processes, logging through the shipped logback.xml (the test classpath without its logback-test.xml):
 * {@code serve} writes JSON lines and {@code demo} text, each line of a request with its id and trace id, masked.
 */
class LogFormatProcessTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String PAN = "4111111111111111";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @TempDir
    Path dir;

    @Test
    void serveWritesJsonLines() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles server = ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1"));
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(JwtFactory.ecKey("partner-key").toPublicJWK()).toString());
        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml")));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        int gatewayPort = FreePorts.next();
        Path config = Files.writeString(dir.resolve("bulwark.yaml"), new NodeYaml("./data", "https://localhost:" + asPort, asPort,
                gatewayPort, server, ca.caCertificate(), FreePorts.next(), ca.clientIdentity("gateway-client", "Bulwark Gateway")).text());
        Path log = dir.resolve("serve.log");
        Process serve = start(log, "serve", "--config", config.toString());
        try {
            awaitOutput(log, "Bulwark is serving");
            String requestId = refusedRequest(ca.caCertificate(), gatewayPort);
            String line = awaitOutput(log, requestId);
            JsonNode json = new ObjectMapper().readTree(line);
            assertThat(json.path("request_id").asText()).isEqualTo(requestId);
            // The request's own trace: a caller's traceparent is continued only from trusted networks (none by default).
            assertThat(json.path("trace_id").asText()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
            assertThat(json.path("level").asText()).isEqualTo("WARN");
            assertThat(Files.readString(log)).doesNotContain(PAN).contains("************1111");
        } finally {
            stop(serve);
        }
    }

    @Test
    void demoWritesText() throws Exception {
        int gatewayPort = FreePorts.next();
        Path log = dir.resolve("demo.log");
        Process demo = start(log, "demo", "--data-dir", dir.resolve("demo").toString(), "--as-port", Integer.toString(FreePorts.next()),
                "--gateway-port", Integer.toString(gatewayPort), "--bank-port", Integer.toString(FreePorts.next()));
        try {
            awaitOutput(log, "Bulwark demo is ready");
            String requestId = refusedRequest(dir.resolve("demo/tls/ca.pem"), gatewayPort);
            String line = awaitOutput(log, "[req=" + requestId);
            assertThat(line).doesNotStartWith("{").contains(" WARN ").containsPattern("\\[req=" + requestId + " trace=[0-9a-f]{32}[ \\]]")
                    .doesNotContain(TRACE_ID);
            assertThat(Files.readString(log)).doesNotContain(PAN).contains("************1111");
        } finally {
            stop(demo);
        }
    }

    /** An undeclared route naming a card number, with a trace: 404, and a security event logged. */
    private static String refusedRequest(Path caCertificate, int gatewayPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(caCertificate)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gatewayPort + "/bank/v1/cards/" + PAN))
                .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01").timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        return response.headers().firstValue(Problem.REQUEST_ID_HEADER).orElseThrow();
    }

    private static Process start(Path log, String... command) throws Exception {
        // The main classes and the dependencies, without the tests' logback-test.xml: the process reads logback.xml.
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        List<String> arguments = new java.util.ArrayList<>(List.of(JAVA, "-cp", classpath, BulwarkCli.class.getName()));
        arguments.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(arguments).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("BULWARK_LOG_FORMAT");
        return builder.start();
    }

    private static String awaitOutput(Path log, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> line = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).findFirst() : Optional.empty();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line with " + text + " within 90 s:\n" + Files.readString(log));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
