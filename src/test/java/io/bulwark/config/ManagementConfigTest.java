package io.bulwark.config;

import io.bulwark.testing.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code management} key of bulwark.yaml: the listener's address, TLS, and who may call it off the loopback interface. */
class ManagementConfigTest {

    private static final String BASE = MinimalConfig.YAML;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        MinimalConfig.placeholders(dir, "tls/operators-ca.pem");
    }

    private Path file(String management) throws IOException {
        return Files.writeString(dir.resolve("bulwark.yaml"), BASE + management);
    }

    private ManagementConfig load(String management) throws IOException {
        return ConfigLoader.load(file(management), Map.of()).management();
    }

    private ConfigException refused(String management) throws IOException {
        Path file = file(management);
        try {
            ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(file.getFileName().toString());
            return e;
        }
        throw new AssertionError("accepted: " + management);
    }

    @Test
    void withoutTheKeyItListensOnLoopbackPort9000OpenToThisHostOnly() throws IOException {
        ManagementConfig management = load("");
        assertThat(management).isEqualTo(ManagementConfig.loopback(9000));
        assertThat(management.restricted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9100", "localhost:9100", "\"[::1]:9100\"", "127.0.0.2:0"})
    void aLoopbackListenerMayBeOpen(String listen) throws IOException {
        assertThat(load("management:\n  listen: " + listen + "\n").restricted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:9000", "\"[::]:9000\"", "10.0.0.5:9000", "ops.internal:9000"})
    void anOffHostListenerWithNeitherClientCaNorOperatorScopeIsRefusedNamingTheFix(String listen) throws IOException {
        ConfigException error = refused("management:\n  listen: " + listen + "\n");
        assertThat(error.path()).isEqualTo("management.listen");
        assertThat(error.problem()).contains("is not a loopback address").contains("nothing restricts who may call");
        assertThat(error.fix()).contains("client-ca").contains("operator-scope").contains("bulwark:operator").contains("127.0.0.1");
    }

    @Test
    void offHostWithOperatorsClientCertificatesOrAnOperatorScope() throws IOException {
        ManagementConfig mtls = load("management:\n  listen: 0.0.0.0:9000\n  client-ca: tls/operators-ca.pem\n");
        assertThat(mtls.clientCa()).contains(dir.resolve("tls/operators-ca.pem"));
        assertThat(mtls.operatorScope()).isEmpty();

        ManagementConfig tokens = load("management:\n  listen: 0.0.0.0:9000\n  operator-scope: bulwark:operator\n"
                + "  tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}\n");
        assertThat(tokens.operatorScope()).contains("bulwark:operator");
        assertThat(tokens.tls()).contains(new TlsFiles(dir.resolve("tls/as.crt"), dir.resolve("tls/as.key")));
        assertThat(tokens.listen()).isEqualTo(new ListenAddress("0.0.0.0", 9000));
    }

    @Test
    void aMissingClientCaFileIsRefused() throws IOException {
        ConfigException error = refused("management:\n  listen: 0.0.0.0:9000\n  client-ca: tls/missing.pem\n");
        assertThat(error.path()).isEqualTo("management.client-ca");
    }

    @Test
    void anOperatorScopeThatIsNotOneScopeIsRefused() throws IOException {
        ConfigException error = refused("management:\n  operator-scope: \"bulwark operator\"\n");
        assertThat(error.path()).isEqualTo("management.operator-scope");
        assertThat(error.problem()).contains("is not one OAuth scope");
        assertThat(error.fix()).contains("bulwark:operator");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestKnownOne() throws IOException {
        ConfigException error = refused("management:\n  client_ca: tls/operators-ca.pem\n");
        assertThat(error.path()).isEqualTo("management.client_ca");
        assertThat(error.fix()).contains("client-ca");
    }

    @Test
    void aBadListenAddressIsRefused() throws IOException {
        ConfigException error = refused("management:\n  listen: 9000\n");
        assertThat(error.path()).isEqualTo("management.listen");
        assertThat(error.problem()).contains("not a bare number");
    }

    @Test
    void metricsAreOnUnlessTurnedOffWithABoolean() throws IOException {
        assertThat(load("").metrics()).isTrue();
        assertThat(load("management:\n  metrics: true\n").metrics()).isTrue();
        assertThat(load("management:\n  metrics: false\n").metrics()).isFalse();
        ConfigException error = refused("management:\n  metrics: \"off\"\n");
        assertThat(error.path()).isEqualTo("management.metrics");
        assertThat(error.fix()).contains("true or false");
    }

    @Test
    void theRecordKeepsAbsentValuesOptional() {
        assertThat(ManagementConfig.loopback(0).tls()).isEqualTo(Optional.empty());
        assertThat(ManagementConfig.isLoopback("127.10.0.1")).isTrue();
        assertThat(ManagementConfig.isLoopback("localhost.example.com")).isFalse();
    }
}
