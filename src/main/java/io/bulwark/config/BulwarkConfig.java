package io.bulwark.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A whole Bulwark node's configuration: what {@code bulwark.yaml} says, with relative paths
 * already resolved against the file's folder.
 *
 * @param source the file it was read from (null when built in code, as the demo does)
 */
public record BulwarkConfig(Path source, Path dataDir, MasterKeyConfig masterKey, StoreConfig store,
                            AuthorizationServerConfig authorizationServer, GatewayConfig gateway,
                            List<ClientConfig> clients) {

    public BulwarkConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authorizationServer, "authorizationServer");
        Objects.requireNonNull(gateway, "gateway");
        clients = List.copyOf(clients);
    }
}
