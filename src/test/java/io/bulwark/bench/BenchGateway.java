package io.bulwark.bench;

import io.bulwark.config.AnomalyConfig;
import io.bulwark.config.ApiConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.config.StoreConfig;
import io.bulwark.config.TracingConfig;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.runtime.BulwarkNode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization server and gateway of a demo data folder, without the demo bank (the
 * benchmark runs the bank in its own process). Args: dataDir asPort gatewayPort bankPort. Optional system properties:
 * {@code bench.jdbcUrl} (and {@code bench.jdbcUser}) for a PostgreSQL store instead of the embedded one, and
 * {@code bench.bankDocument} for another OpenAPI document of the bank API (the data-growth benchmark's large one), and
 * {@code bench.metrics=false} for a node without metrics (`management.metrics: false`), {@code bench.anomaly=false} for one
 * without the behaviour detector (`anomaly.enabled: false`).
 */
public final class BenchGateway {

    public static void main(String[] args) {
        DemoPorts ports = new DemoPorts(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        DemoEnvironment environment = DemoEnvironment.prepare(Path.of(args[0]), ports);
        // The demo's default limit (1200 a minute per source address) would refuse the load, which comes from one
        // address: the benchmark keeps the rate-limit step, per IP and per client, with limits a round cannot reach.
        var defaults = ProtectionConfig.defaults();
        var limits = new RateLimitsConfig(RateLimitsConfig.Store.LOCAL, 1, Map.of(), List.of(
                new RateLimitPolicyConfig("per-ip", List.of(RateLimitPolicyConfig.KeyPart.IP), 100_000_000, Duration.ofMinutes(1), null,
                        RateLimitPolicyConfig.Refill.INTERVAL, null, null, null),
                new RateLimitPolicyConfig("per-client", List.of(RateLimitPolicyConfig.KeyPart.CLIENT), 100_000_000, Duration.ofMinutes(1),
                        null, RateLimitPolicyConfig.Refill.INTERVAL, null, null, null)));
        BulwarkConfig demo = environment.config();
        BulwarkConfig config = new BulwarkConfig(demo.source(), demo.dataDir(), demo.masterKey(), store(demo.store()),
                demo.authorizationServer(), gateway(demo.gateway()), demo.clients(), new ProtectionConfig(null, limits, defaults.limits(), defaults.authenticationGuard()),
                demo.management().withMetrics(!"false".equals(System.getProperty("bench.metrics"))), demo.securityEvents(), demo.tracing(),
                demo.audit(), "false".equals(System.getProperty("bench.anomaly")) ? AnomalyConfig.off() : demo.anomaly());
        BulwarkNode node = BulwarkNode.start(tracing(config), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("bench gateway ready: " + String.join(" -> ", node.pipelineSteps()));
    }

    /** With {@code bench.tracing} (an OTLP/HTTP endpoint), traces exported as a deployment would: 10 % of new traces sampled. */
    private static BulwarkConfig tracing(BulwarkConfig config) {
        String endpoint = System.getProperty("bench.tracing", "");
        return endpoint.isBlank() ? config : config.withTracing(new TracingConfig(true, Optional.of(URI.create(endpoint)), Map.of(),
                TracingConfig.DEFAULT_SAMPLING_RATIO, TracingConfig.DEFAULT_EXPORT_TIMEOUT, TracingConfig.DEFAULT_MAX_QUEUE_SIZE,
                List.of()));
    }

    private static StoreConfig store(StoreConfig demo) {
        String url = System.getProperty("bench.jdbcUrl", "");
        return url.isBlank() ? demo : new StoreConfig(StoreConfig.Kind.POSTGRES, url, System.getProperty("bench.jdbcUser", "postgres"), null);
    }

    private static GatewayConfig gateway(GatewayConfig demo) {
        String document = System.getProperty("bench.bankDocument", "");
        if (document.isBlank()) {
            return demo;
        }
        List<ApiConfig> apis = demo.apis().stream().map(api -> new ApiConfig(api.name(), api.basePath(), Path.of(document), api.upstream(),
                api.acceptBearerTokens(), api.purpose(), api.ownerTeam(), api.cors())).toList();
        return new GatewayConfig(demo.listen(), demo.tls(), demo.audience(), demo.issuer(), demo.jwksUri(), demo.trustedCa(), apis,
                demo.publicUrl(), demo.dpop(), demo.introspection());
    }
}
