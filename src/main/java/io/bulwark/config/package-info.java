/**
 * {@code bulwark.yaml}, parsed once into immutable records. Every error names the file, the path
 * inside it, what is wrong and how to fix it ({@link io.bulwark.config.ConfigException}).
 */
package io.bulwark.config;
