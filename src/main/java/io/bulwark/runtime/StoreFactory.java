package io.bulwark.runtime;

import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.InstantSource;

/** Opens the storage backend a node's configuration names. */
public final class StoreFactory {

    private StoreFactory() {
    }

    /** Opens the store; {@code dataDir} holds the embedded database, unused by PostgreSQL. */
    public static JdbcStore open(StoreConfig config, Path dataDir, InstantSource clock) {
        return switch (config.kind()) {
            case EMBEDDED -> JdbcStore.embedded(dataDir, clock);
            case POSTGRES -> JdbcStore.postgres(config, clock);
        };
    }
}
