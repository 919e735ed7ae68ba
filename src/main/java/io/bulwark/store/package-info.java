/**
 * Storage ports (one small interface per thing stored) and the records they hold. Adapters live in
 * sub-packages: {@code store.jdbc} serves both the embedded H2 file and PostgreSQL from the same
 * Flyway migrations.
 */
package io.bulwark.store;
