/**
 * {@code bulwark.yaml}, parsed once into immutable records. Every error names the file, the path
 * inside it, what is wrong and how to fix it ({@link io.bulwark.config.ConfigException}).
 *
 * <p>{@link io.bulwark.config.ConfigLoader} is the entry point; one small reader per section
 * turns a path-tracking {@code ConfigNode} into its record.
 */
package io.bulwark.config;
