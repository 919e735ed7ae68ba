package io.bulwark.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole Bulwark node's configuration: what {@code bulwark.yaml} says, with relative paths
 * already resolved against the file's folder.
 *
 * @param source the file it was read from (empty when built in code, as the demo does)
 * @param protection rate limits, denial-of-service limits, the authentication guard and the Redis they share
 * @param management the operators' listener (health, metrics, the capabilities' APIs) and who may call it
 * @param securityEvents where security events go besides the log, the audit trail and the live stream (webhooks)
 * @param tracing    OpenTelemetry traces: export (off by default) and whose {@code traceparent} is continued
 * @param audit      the audit trail's signed checkpoints and where they are copied
 * @param anomaly    the behaviour detector (on by default, observing)
 */
public record BulwarkConfig(Optional<Path> source, Path dataDir, MasterKeyConfig masterKey, StoreConfig store,
                            AuthorizationServerConfig authorizationServer, GatewayConfig gateway,
                            List<ClientConfig> clients, ProtectionConfig protection, ManagementConfig management,
                            SecurityEventsConfig securityEvents, TracingConfig tracing, AuditConfig audit,
                            AnomalyConfig anomaly) {

    public BulwarkConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
        Objects.requireNonNull(gateway, "gateway");
        clients = List.copyOf(clients);
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(securityEvents, "securityEvents");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(anomaly, "anomaly");
    }

    /** This configuration with {@code tracing} in place of its own (the demo and tests switch export on this way). */
    public BulwarkConfig withTracing(TracingConfig tracing) {
        return new BulwarkConfig(source, dataDir, masterKey, store, authorizationServer, gateway, clients, protection, management,
                securityEvents, tracing, audit, anomaly);
    }
}
