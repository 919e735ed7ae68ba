package io.bulwark.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit policies keyed by address alone cover the authorization server too: its pages,
 * PAR and token endpoint cannot be flooded from one address, and its buckets are apart from the
 * gateway's.
 */
class AuthorizationServerAddressLimitTest {

    private static final int LIMIT = 5;

    @TempDir
    Path dir;

    private BulwarkNode node;
    private BulwarkConfig config;
    private HttpClient http;
    private String issuer;

    @BeforeEach
    void start() {
        DemoEnvironment environment = DemoEnvironment.prepare(dir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()));
        config = withPerAddressLimit(environment.config(), "per-ip", LIMIT);
        node = BulwarkNode.start(config, Clock.systemUTC());
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(environment.caCertificate())).build();
        issuer = "https://localhost:" + node.authorizationServerPort();
    }

    private static BulwarkConfig withPerAddressLimit(BulwarkConfig demo, String name, int limit) {
        var defaults = ProtectionConfig.defaults();
        var limits = new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of(), List.of(
                new RateLimitPolicyConfig(name, List.of(RateLimitPolicyConfig.KeyPart.IP), limit, Duration.ofMinutes(1), null,
                        RateLimitPolicyConfig.Refill.INTERVAL, null, null, null)));
        return new BulwarkConfig(demo.source(), demo.dataDir(), demo.masterKey(), demo.store(), demo.authorizationServer(),
                demo.gateway(), demo.clients(), new ProtectionConfig(null, limits, defaults.limits(), defaults.authenticationGuard()),
                demo.management(), demo.securityEvents(), demo.tracing(), demo.audit(), demo.anomaly());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneAddressGetsTheLimitAcrossEveryEndpointThenA429() throws Exception {
        String[] paths = {"/.well-known/oauth-authorization-server", "/jwks", "/account/grants", "/.well-known/openid-configuration", "/jwks"};
        for (int i = 0; i < LIMIT; i++) {
            HttpResponse<String> admitted = get(issuer + paths[i]);
            assertThat(admitted.statusCode()).as(paths[i]).isEqualTo(200);
            assertThat(admitted.headers().firstValue("RateLimit-Policy")).contains("\"per-ip\";q=" + LIMIT + ";w=60");
            assertThat(admitted.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"per-ip\";r=" + (LIMIT - 1 - i) + ";t=");
        }

        HttpResponse<String> refused = get(issuer + "/account/grants");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(new ObjectMapper().readTree(refused.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/rate-limited");
        assertThat(refused.body()).doesNotContain("<form");

        // The gateway counts the same address in buckets of its own: its answer is about the missing token, not the limit.
        HttpResponse<String> gateway = get("https://localhost:" + node.gatewayPort() + "/bank/v1/accounts");
        assertThat(gateway.statusCode()).isEqualTo(401);
    }

    @Test
    void aReloadReplacesTheAuthorizationServersLimitsAllAtOnce() throws Exception {
        for (int i = 0; i < LIMIT; i++) {
            get(issuer + "/jwks");
        }
        assertThat(get(issuer + "/jwks").statusCode()).isEqualTo(429);

        BulwarkNode.ReloadOutcome outcome = node.reload(withPerAddressLimit(config, "per-address", 50));
        assertThat(outcome.applied()).as(outcome.message()).isTrue();
        HttpResponse<String> afterReload = get(issuer + "/jwks");
        assertThat(afterReload.statusCode()).isEqualTo(200);
        assertThat(afterReload.headers().firstValue("RateLimit-Policy")).contains("\"per-address\";q=50;w=60");
    }
}
