package io.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file, plus what only the embedded store promises. */
class EmbeddedStoreTest extends StoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    protected Store openStore(InstantSource clock) {
        return JdbcStore.embedded(dataDir, clock);
    }

    @Test
    void reopeningTheSameFolderKeepsTheData() {
        RegisteredClient client = client("tpp-1", Set.of("accounts:read"), false);
        StoredSigningKey key = key("k1", T0, null);
        store.clients().save(client);
        store.signingKeys().add(key);
        store.close();

        try (Store reopened = openStore(clock)) {
            assertThat(reopened.clients().find("tpp-1")).contains(client);
            assertThat(reopened.signingKeys().list()).containsExactly(key);
        }
    }

    @Test
    void theDatabaseIsAFileInTheDataFolderReadableByItsOwnerOnly() throws Exception {
        Path folder = dataDir.resolve("store");

        assertThat(folder.resolve("bulwark.mv.db")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void theFactoryOpensTheEmbeddedStoreForAnEmbeddedConfiguration() {
        store.close();

        try (Store opened = StoreFactory.open(StoreConfig.embedded(), dataDir, clock)) {
            assertThat(opened).isInstanceOf(JdbcStore.class);
            assertThat(opened.replayGuard()).isInstanceOf(InMemoryReplayGuard.class);
        }
    }

    @Test
    void expiredIdentifiersArePurgedFromMemory() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(clock);
        for (int i = 0; i < 1_000; i++) {
            guard.firstUse("jti", "id-" + i, T0.plusSeconds(30));
        }
        assertThat(guard.size()).isEqualTo(1_000);

        clock.advance(Duration.ofMinutes(2));
        Instant later = clock.instant().plusSeconds(30);
        assertThat(guard.firstUse("jti", "fresh", later)).isTrue();

        assertThat(guard.size()).isEqualTo(1);
        assertThat(guard.firstUse("jti", "fresh", later)).isFalse();
    }
}
