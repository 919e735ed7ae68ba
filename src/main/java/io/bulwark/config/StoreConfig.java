package io.bulwark.config;

import java.util.Objects;

/**
 * Which storage backend a node uses.
 *
 * @param kind     {@code EMBEDDED} (H2 file in the data folder plus in-memory caches) or {@code POSTGRES}
 * @param jdbcUrl  the PostgreSQL JDBC URL (POSTGRES only)
 * @param username database user (POSTGRES only)
 * @param password database password, already read from its environment variable (may be null)
 */
public record StoreConfig(Kind kind, String jdbcUrl, String username, String password) {

    /** The two storage backends. */
    public enum Kind { EMBEDDED, POSTGRES }

    public StoreConfig {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.POSTGRES && (jdbcUrl == null || jdbcUrl.isBlank())) {
            throw new IllegalArgumentException("a postgres store needs a jdbcUrl");
        }
    }

    /** The embedded store, in the data folder. */
    public static StoreConfig embedded() {
        return new StoreConfig(Kind.EMBEDDED, null, null, null);
    }

    @Override
    public String toString() {
        return "StoreConfig[kind=" + kind + ", jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=***]";
    }
}
