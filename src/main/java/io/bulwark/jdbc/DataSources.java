package io.bulwark.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.bulwark.config.StoreConfig;
import io.bulwark.store.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Builds the connection pools: one for the embedded H2 file, one for PostgreSQL. */
final class DataSources {

    /** H2 in PostgreSQL mode, so that the same migrations and statements serve both databases. */
    private static final String H2_MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private DataSources() {
    }

    /** The H2 database {@code bulwark} in {@code folder}, created (owner-only) if missing. */
    static HikariDataSource h2File(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (absolute.toString().contains(";")) {
            // H2 would read what follows a ';' in its URL as settings, not as part of the path.
            throw new StoreException("store failed to open the embedded database: its folder " + absolute
                    + " contains ';', which H2 cannot take in a path; choose a data folder without it", null);
        }
        createOwnerOnly(absolute);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulwark-h2");
        config.setJdbcUrl("jdbc:h2:file:" + absolute.resolve("bulwark") + H2_MODE);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(8);
        return open(config, "open the embedded database in " + absolute);
    }

    /** The PostgreSQL database of {@code store}; {@code schema}, if not null, becomes the search path. */
    static HikariDataSource postgres(StoreConfig store, String schema) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulwark-postgres");
        config.setJdbcUrl(store.jdbcUrl());
        config.setUsername(store.username());
        config.setPassword(store.password());
        config.setMaximumPoolSize(10);
        // A request waiting on a dead database should fail (closed) in seconds, not hang for half a minute.
        config.setConnectionTimeout(5_000);
        if (schema != null) {
            config.setSchema(schema);
        }
        return open(config, "connect to PostgreSQL at " + store.jdbcUrl());
    }

    private static HikariDataSource open(HikariConfig config, String what) {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("store failed to " + what, e.getCause() == null ? e : e.getCause());
        }
    }

    private static void createOwnerOnly(Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // The database holds sealed private keys and client registrations: nobody else needs to list it.
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw new StoreException("store failed to create the folder " + folder
                        + ": a file of that name is in the way; move it", e);
            }
        } catch (IOException e) {
            throw new StoreException("store failed to create the folder " + folder
                    + "; check that the data folder is writable by the user running Bulwark", e);
        }
    }
}
