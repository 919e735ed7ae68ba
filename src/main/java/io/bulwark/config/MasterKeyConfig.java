package io.bulwark.config;

import java.nio.file.Path;

/**
 * Where the master key that seals private keys at rest comes from: the environment variable
 * {@code env} (base64 of 32 bytes) if set there, else {@code file}, which must be readable by its
 * owner only.
 */
public record MasterKeyConfig(String env, Path file) {

    /** The environment variable consulted by default. */
    public static final String DEFAULT_ENV = "BULWARK_MASTER_KEY";
}
