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
 * @param audit      the audit trail's signed checkpoints and where they are copied
 */
public record BulwarkConfig(Optional<Path> source, Path dataDir, MasterKeyConfig masterKey, StoreConfig store,
                            AuthorizationServerConfig authorizationServer, GatewayConfig gateway,
                            List<ClientConfig> clients, ProtectionConfig protection, AuditConfig audit) {

    public BulwarkConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
        Objects.requireNonNull(gateway, "gateway");
        clients = List.copyOf(clients);
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(audit, "audit");
    }
}
