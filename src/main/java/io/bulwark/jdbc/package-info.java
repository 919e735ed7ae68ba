/**
 * The JDBC adapter of the storage ports, one code path for the embedded H2 file and for PostgreSQL,
 * over the Flyway migrations in {@code db/migration}. Times are stored at microsecond precision.
 */
package io.bulwark.jdbc;
