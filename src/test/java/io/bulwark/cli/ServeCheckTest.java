package io.bulwark.cli;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.config.TlsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bulwark serve --check}: the configuration and the gateway pipeline assembled from it, without starting anything. */
class ServeCheckTest {

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void writeConfiguration() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles server = ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles upstreamClient = ca.clientIdentity("gateway-client", "Bulwark Gateway");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(JwtFactory.ecKey("partner-key").toPublicJWK()).toString());
        Files.writeString(dir.resolve("bank-openapi.yaml"), Files.readString(Path.of("src/main/resources/demo/bank-openapi.yaml")));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, new NodeYaml("./data", "https://localhost:" + asPort, asPort, FreePorts.next(), server,
                ca.caCertificate(), FreePorts.next(), upstreamClient).text());
    }

    @Test
    void checkAssemblesTheGatewayPipelineInPhaseOrderAndTouchesNoDeploymentState() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = BulwarkCli.commandLine().execute("serve", "--config", config.toString(), "--check");
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("configuration is valid.")
                .contains("Gateway pipeline: AuditStep [OBSERVE] -> SecurityEventStep [OBSERVE] -> RequestLimitsStep [ADMIT]")
                .contains("IdentityAssertionStep [ASSERT_IDENTITY] -> OwnerLookupStep [COMMIT]")
                .endsWith("ProxyStep [PROXY]\n");
        // The check runs on a scratch store: the deployment's data folder is not even created.
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
