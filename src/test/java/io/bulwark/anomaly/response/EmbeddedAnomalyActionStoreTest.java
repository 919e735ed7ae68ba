package io.bulwark.anomaly.response;

import io.bulwark.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.InstantSource;

/** The anomaly actions' store contract on the embedded H2 file. */
class EmbeddedAnomalyActionStoreTest extends AnomalyActionStoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected JdbcStore openStore(InstantSource clock) {
        return JdbcStore.embedded(dataDir, clock);
    }
}
