package io.bulwark.cli;

import io.bulwark.config.AuditConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.MasterKeyConfig;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.runtime.StoreFactory;
import io.bulwark.store.AesGcmKeySealer;
import io.bulwark.store.KeySealer;
import io.bulwark.store.MasterKey;
import io.bulwark.store.MasterKeyException;
import io.bulwark.store.StoreException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import io.bulwark.clients.TokenSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Which deployment an operator command acts on: a {@code bulwark.yaml} ({@code --config}), or a
 * demo data folder ({@code --data-dir}, embedded store). Opens its store and master key.
 */
final class StoreOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--config", description = "The deployment's bulwark.yaml.")
        Path config;

        @Option(names = "--data-dir", description = "A demo data folder (embedded store), e.g. bulwark-data.")
        Path dataDir;
    }

    /** An opened store with what the commands need beside it. */
    record Opened(JdbcStore store, KeySealer sealer, Duration tokenLifetime, Duration publicationLead, MasterKey masterKey,
                  Path dataDir, AuditConfig audit) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    Opened open() {
        BulwarkConfig config = target.config == null ? null : ConfigLoader.load(target.config);
        return open(config, config != null ? config.dataDir() : target.dataDir.toAbsolutePath().normalize());
    }

    /** The store of a loaded configuration, for commands that read {@code --config} themselves. */
    static Opened open(BulwarkConfig config) {
        return open(config, config.dataDir());
    }

    /** {@code config}'s store, or with none the demo folder {@code dataDir}'s embedded one. */
    private static Opened open(BulwarkConfig config, Path dataDir) {
        StoreConfig storeConfig = config != null ? config.store() : StoreConfig.embedded();
        MasterKeyConfig masterKey = config != null ? config.masterKey()
                : new MasterKeyConfig(MasterKeyConfig.DEFAULT_ENV, dataDir.resolve("master.key"));
        JdbcStore store;
        try {
            store = StoreFactory.open(storeConfig, dataDir, Clock.systemUTC());
        } catch (StoreException e) {
            if (storeConfig.kind() == StoreConfig.Kind.EMBEDDED) {
                throw new IllegalStateException("cannot open the embedded store in " + dataDir.resolve("store")
                        + ": it is probably in use by a running Bulwark node. The embedded store serves one process: "
                        + "stop the node first, or use the postgres store to administer a running deployment.", e);
            }
            throw e;
        }
        // A retired signing key stays published for the longest lifetime any client's tokens may have.
        Duration lifetime = TokenSettings.longestInForce(
                config != null ? config.authorizationServer().accessTokenLifetime() : Duration.ofMinutes(5));
        Duration lead = config != null ? config.authorizationServer().signingKeyPublicationLead() : Duration.ofMinutes(10);
        MasterKey key;
        try {
            key = MasterKey.load(masterKey);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        // A demo folder keeps its copy of the checkpoints beside the store, as the demo node writes it.
        AuditConfig audit = config != null ? config.audit() : new AuditConfig(AuditConfig.DEFAULT_EVERY_RECORDS, AuditConfig.DEFAULT_EVERY,
                Optional.of(dataDir.resolve(DemoEnvironment.AUDIT_CHECKPOINTS_FILE)), Optional.empty());
        return new Opened(store, new AesGcmKeySealer(key), lifetime, lead, key, dataDir, audit);
    }

    /** Runs {@code body} on the opened store, turning configuration and store errors into a message and exit status. */
    int run(StoreCommandBody body) {
        return run(body, 1);
    }

    /** As {@link #run(StoreCommandBody)}, exiting with {@code couldNotRun} when the store or its key cannot be opened. */
    int run(StoreCommandBody body, int couldNotRun) {
        try (Opened opened = open()) {
            return body.run(opened);
        } catch (ConfigException e) {
            System.err.println("bulwark: invalid configuration.");
            System.err.println(e.getMessage());
            return ServeCommand.CONFIG_ERROR;
        } catch (IllegalStateException | IllegalArgumentException | StoreException | MasterKeyException e) {
            System.err.println("bulwark: " + e.getMessage());
            return couldNotRun;
        }
    }

    /**
     * The embedded database file the options point at, or null for a PostgreSQL store: a command that only reads
     * checks it exists first, since opening a store creates an empty one.
     */
    Path embeddedDatabaseFile() {
        BulwarkConfig config = target.config == null ? null : ConfigLoader.load(target.config);
        if (config != null && config.store().kind() != StoreConfig.Kind.EMBEDDED) {
            return null;
        }
        Path dataDir = config != null ? config.dataDir() : target.dataDir.toAbsolutePath().normalize();
        return dataDir.resolve("store").resolve("bulwark.mv.db");
    }

    @FunctionalInterface
    interface StoreCommandBody {
        int run(Opened opened);
    }
}
