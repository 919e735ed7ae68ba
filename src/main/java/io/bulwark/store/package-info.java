/**
 * Storage ports shared across the node (one small interface per thing stored) and the records they hold; the
 * ports of one feature sit in that feature's package ({@code clients}, {@code oauth.par}, {@code oauth.refresh}, …).
 * The adapter, {@code io.bulwark.jdbc}, depends on them, never the reverse.
 */
package io.bulwark.store;
