package io.bulwark.store;

import io.bulwark.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.InstantSource;

/** The authorization-code flow's store contract on the embedded H2 file. */
class EmbeddedAuthorizationFlowStoreTest extends AuthorizationFlowStoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected JdbcStore openStore(InstantSource clock) {
        return JdbcStore.embedded(dataDir, clock);
    }
}
