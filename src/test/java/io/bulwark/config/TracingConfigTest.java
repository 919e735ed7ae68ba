package io.bulwark.config;

import io.bulwark.testing.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code tracing} keys of bulwark.yaml: export off by default, its endpoint, headers (secrets from the environment) and trust. */
class TracingConfigTest {

    private static final String BASE = MinimalConfig.YAML;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        MinimalConfig.placeholders(dir);
    }

    private Path write(String tracing) throws IOException {
        return Files.writeString(dir.resolve("bulwark.yaml"), BASE + tracing);
    }

    private TracingConfig load(String tracing, Map<String, String> environment) throws IOException {
        return ConfigLoader.load(write(tracing), environment).tracing();
    }

    private ConfigException refused(String tracing, String path, String problem, String fix) throws IOException {
        Path file = write(tracing);
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of("EMPTY", "")));
        assertThat(error.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).contains(fix);
        return error;
    }

    @Test
    void offAndTrustingNoOneWhenNothingIsSaid() throws IOException {
        TracingConfig tracing = load("", Map.of());
        assertThat(tracing).isEqualTo(TracingConfig.OFF);
        assertThat(tracing.exportEnabled()).isFalse();
        assertThat(tracing.trustedTraceparentFrom()).isEmpty();
        assertThat(tracing.samplingRatio()).isEqualTo(0.1);
    }

    @Test
    void everyKeyIsRead() throws IOException {
        TracingConfig tracing = load("""
                tracing:
                  enabled: true
                  endpoint: https://otel-collector.internal:4318/v1/traces
                  protocol: http/protobuf
                  headers:
                    x-api-key: {env: OTLP_KEY}
                    x-scope-orgid: bank-prod
                  sampling-ratio: 0.25
                  export-timeout: 3s
                  max-queue-size: 4096
                  trust-traceparent-from: [10.20.0.0/16, "fd00::/8", 192.0.2.7]
                """, Map.of("OTLP_KEY", "s3cr3t-key"));
        assertThat(tracing.exportEnabled()).isTrue();
        assertThat(tracing.endpoint()).contains(URI.create("https://otel-collector.internal:4318/v1/traces"));
        assertThat(tracing.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("x-api-key", "s3cr3t-key", "x-scope-orgid", "bank-prod"));
        assertThat(tracing.samplingRatio()).isEqualTo(0.25);
        assertThat(tracing.exportTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(tracing.maxQueueSize()).isEqualTo(4096);
        assertThat(tracing.trustedTraceparentFrom()).extracting(IpNetwork::toString)
                .containsExactly("10.20.0.0/16", "fd00:0:0:0:0:0:0:0/8", "192.0.2.7/32");
        assertThat(tracing.toString()).as("header values may be keys: never printed").doesNotContain("s3cr3t-key").contains("x-api-key");
    }

    @Test
    void anEndpointWithoutAPathPostsToTheOtlpTracesPathAndPlainHttpIsForThisHostOnly() throws IOException {
        assertThat(load("tracing: {enabled: true, endpoint: \"http://127.0.0.1:4318\"}\n", Map.of()).endpoint())
                .contains(URI.create("http://127.0.0.1:4318/v1/traces"));
        assertThat(load("tracing: {enabled: true, endpoint: \"http://localhost:4318/custom/traces\"}\n", Map.of()).endpoint())
                .contains(URI.create("http://localhost:4318/custom/traces"));
        refused("tracing: {enabled: true, endpoint: \"http://otel-collector.internal:4318\"}\n", "tracing.endpoint",
                "must be https (plain http only to this host)", "https://otel-collector.internal:4318/v1/traces");
    }

    @Test
    void trustedNetworksAreMatchedByPrefixWithoutDns() {
        IpNetwork network = IpNetwork.parse("10.20.0.0/16");
        assertThat(network.contains("10.20.255.1")).isTrue();
        assertThat(network.contains("10.21.0.1")).isFalse();
        assertThat(network.contains("fd00::1")).as("another family").isFalse();
        assertThat(network.contains("localhost")).as("a name, never resolved").isFalse();
        assertThat(IpNetwork.parse("fd00::/8").contains("fd12:3456::1")).isTrue();
        assertThat(IpNetwork.parse("fd00::/8").contains("fe80::1")).isFalse();
        assertThat(IpNetwork.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(IpNetwork.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tracing: {enabled: true}|tracing.endpoint|required key `endpoint` is missing|OTLP/HTTP traces URL",
            "tracing: {enabled: true, endpoint: \"https://user:pw@collector.internal\"}|tracing.endpoint|carries credentials|in `headers`",
            "tracing: {endpoint: \"ftp://collector.internal\"}|tracing.endpoint|must be https|https://",
            "tracing: {protocol: grpc}|tracing.protocol|`grpc` is not supported|http/protobuf",
            "tracing: {sampling-ratio: 1.5}|tracing.sampling-ratio|must be a number from 0 to 1|0.1",
            "tracing: {sampling-ratio: \"10%\"}|tracing.sampling-ratio|must be a number from 0 to 1|0.1",
            "tracing: {max-queue-size: 10}|tracing.max-queue-size|outside the allowed range|dropped and counted",
            "tracing: {export-timeout: 5m}|tracing.export-timeout|5m|never holds a request",
            "tracing: {trust-traceparent-from: [10.0.0.1/8]}|tracing.trust-traceparent-from[0]|host bits set|CIDR",
            "tracing: {trust-traceparent-from: [partner.example.com]}|tracing.trust-traceparent-from[0]|is not a network|CIDR",
            "tracing: {trust-traceparent-from: 10.0.0.0/8}|tracing.trust-traceparent-from|must be a list|- ",
            "tracing: {headers: {x-api-key: abc123}}|tracing.headers.x-api-key|looks like a credential|{env: VARIABLE}",
            "tracing: {headers: {Authorization: {env: UNSET_VARIABLE}}}|tracing.headers.Authorization.env|`UNSET_VARIABLE` is not set|UNSET_VARIABLE",
            "tracing: {headers: {x-key: {env: EMPTY}}}|tracing.headers.x-key.env|`EMPTY` is not set|EMPTY",
            "tracing: {headers: {Host: collector}}|tracing.headers.Host|not a header Bulwark can send|Host",
            "tracing: {headers: {\"bad header\": v}}|tracing.headers.bad header|not a header Bulwark can send|letters",
            "tracing: {enable: true}|tracing.enable|unknown key `enable`|enabled",
    })
    void mistakesNameTheFileThePathAndTheFix(String tracing, String path, String problem, String fix) throws IOException {
        refused(tracing + "\n", path, problem, fix);
    }

    @Test
    void aSecretWrittenInPlaceOfAVariableNameIsNotEchoed() throws IOException {
        ConfigException error = refused("tracing: {headers: {x-api-key: {env: \"sk-live 0123456789\"}}}\n", "tracing.headers.x-api-key.env",
                "is not an environment variable name", "not its value");
        assertThat(error.getMessage()).doesNotContain("0123456789");
        assertThat(load("tracing: {headers: {x-api-key: {env: K}}}\n", Map.of("K", "0123456789")).toString()).doesNotContain("0123456789");
    }

    @Test
    void aCollectorWithExportOffNeedsNoEndpoint() throws IOException {
        TracingConfig tracing = load("tracing: {enabled: false, trust-traceparent-from: [127.0.0.1/32]}\n", Map.of());
        assertThat(tracing.exportEnabled()).isFalse();
        assertThat(tracing.endpoint()).isEqualTo(Optional.empty());
        assertThat(tracing.trustedTraceparentFrom()).extracting(IpNetwork::toString).containsExactly("127.0.0.1/32");
    }
}
