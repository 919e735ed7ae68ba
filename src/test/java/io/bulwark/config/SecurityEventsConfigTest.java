package io.bulwark.config;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code security-events} section: webhooks, retries, dead-letter and stream bounds; errors name file, path and fix. */
class SecurityEventsConfigTest {

    private static final String NODE = """
            master-key:
              file: master.key
            authorization-server:
              issuer: https://auth.example.com
              listen: 127.0.0.1:8443
              tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
            gateway:
              listen: 127.0.0.1:9443
              tls: {certificate-chain: tls/gw.crt, private-key: tls/gw.key}
              audience: https://api.example.com
              apis:
                - name: bank
                  base-path: /bank/v1
                  purpose: test API
                  owner-team: test-team
                  openapi: apis/bank.yaml
                  upstream:
                    url: https://bank.internal
                    client-identity: {certificate-chain: tls/up.crt, private-key: tls/up.key}
                    trusted-ca: tls/ca.pem
            clients:
              - client-id: partner
                jwks-file: partner.jwks.json
                scopes: [accounts:read]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        for (String file : List.of("tls/as.crt", "tls/as.key", "tls/gw.crt", "tls/gw.key", "tls/up.crt", "tls/up.key", "tls/ca.pem",
                "apis/bank.yaml", "siem-ca.pem")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "placeholder\n");
        }
        Files.writeString(dir.resolve("partner.jwks.json"),
                new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK()).toString());
    }

    private BulwarkConfig load(String section) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("bulwark.yaml"), NODE + section), Map.of());
    }

    @Test
    void absentMeansNoWebhookAndTheDefaults() throws Exception {
        SecurityEventsConfig config = load("").securityEvents();

        assertThat(config).isEqualTo(SecurityEventsConfig.NONE);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(config.deadLetterCapacity()).isEqualTo(10_000);
        assertThat(config.streamBuffer()).isEqualTo(1_000);
    }

    @Test
    void webhooksWithHeadersTypesAndTrustAreRead() throws Exception {
        SecurityEventsConfig config = load("""
                security-events:
                  webhooks:
                    - url: https://siem.example.com/bulwark
                      headers: {Authorization: "Splunk 0000-1111", X-Tenant: bank}
                      types: [authentication_lockout, request_refused]
                      trusted-ca: siem-ca.pem
                      timeout: 3s
                    - url: https://chat.example.com/hooks/security
                  initial-backoff: 500ms
                  max-backoff: 1m
                  give-up-after: 2h
                  dead-letter-capacity: 50
                  stream-buffer: 20
                """).securityEvents();

        assertThat(config.webhooks()).hasSize(2);
        WebhookConfig siem = config.webhooks().getFirst();
        assertThat(siem.url()).isEqualTo(URI.create("https://siem.example.com/bulwark"));
        assertThat(siem.headers()).isEqualTo(Map.of("Authorization", "Splunk 0000-1111", "X-Tenant", "bank"));
        assertThat(siem.types()).isEqualTo(Set.of("authentication_lockout", "request_refused"));
        assertThat(siem.trustedCa()).contains(dir.resolve("siem-ca.pem"));
        assertThat(siem.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(siem.accepts("request_refused")).isTrue();
        assertThat(siem.accepts("login_failed")).isFalse();
        assertThat(siem.toString()).as("a header value may be a credential").doesNotContain("0000-1111");
        WebhookConfig chat = config.webhooks().get(1);
        assertThat(chat.types()).isEmpty();
        assertThat(chat.accepts("login_failed")).isTrue();
        assertThat(chat.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.giveUpAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(config.deadLetterCapacity()).isEqualTo(50);
        assertThat(config.streamBuffer()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "webhooks: [{url: http://siem.example.com/x}]|security-events.webhooks[0].url|must be https",
            "webhooks: [{url: 'https://user:pw@siem.example.com/x'}]|security-events.webhooks[0].url|must not carry user info",
            "webhooks: [{headers: {A: b}}]|security-events.webhooks[0].url|",
            "webhooks: [{url: https://a.example/x}, {url: https://a.example/x}]|security-events.webhooks[1].url|another webhook",
            "webhooks: [{url: https://a.example/x, headers: {Bulwark-Signature: forged}}]|security-events.webhooks[0].headers.Bulwark-Signature|set by Bulwark",
            "webhooks: [{url: https://a.example/x, headers: {'Bad Name': v}}]|security-events.webhooks[0].headers.Bad Name|not a valid header name",
            "webhooks: [{url: https://a.example/x, types: [Lockout]}]|security-events.webhooks[0].types[0]|not an event type",
            "webhooks: [{url: https://a.example/x, trusted-ca: missing.pem}]|security-events.webhooks[0].trusted-ca|",
            "webhooks: [{url: https://a.example/x, retries: 3}]|security-events.webhooks[0].retries|unknown key",
            "dead-letter-capacity: 0|security-events.dead-letter-capacity|outside the allowed range",
            "give-up-after: 10|security-events.give-up-after|has no unit",
            "retry: 3|security-events.retry|unknown key",
    })
    void mistakesAreNamedWithFilePathAndFix(String lines, String path, String problem) {
        ConfigException error = assertThrows(ConfigException.class, () -> load("security-events:\n  " + lines + "\n"));

        assertThat(error.file()).isEqualTo(dir.resolve("bulwark.yaml"));
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem == null ? "" : problem);
        assertThat(error.fix()).isNotBlank();
    }

    @Test
    void aFirstWaitLongerThanTheLongestIsRefused() {
        ConfigException error = assertThrows(ConfigException.class, () -> load("""
                security-events:
                  initial-backoff: 2m
                  max-backoff: 1m
                """));

        assertThat(error.path()).isEqualTo("security-events.initial-backoff");
        assertThat(error.problem()).contains("longer than `max-backoff`");
    }

    @Test
    void aHeaderValueThatCouldSplitTheRequestIsRefusedWithoutEchoingIt() {
        ConfigException error = assertThrows(ConfigException.class, () -> load("""
                security-events:
                  webhooks:
                    - url: https://a.example/x
                      headers: {Authorization: "secret-token\\r\\nX-Injected: 1"}
                """));

        assertThat(error.path()).isEqualTo("security-events.webhooks[0].headers.Authorization");
        assertThat(error.getMessage()).doesNotContain("secret-token");
    }
}
