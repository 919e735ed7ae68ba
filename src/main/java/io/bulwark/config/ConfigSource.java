package io.bulwark.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the configuration being read comes from: the file (named in every error), the folder that
 * relative paths resolve against, and the environment that {@code *-env} keys are looked up in.
 */
record ConfigSource(Path file, Path folder, Map<String, String> environment) {

    ConfigSource {
        environment = Map.copyOf(environment);
    }

    /** Resolves a path written in the file: relative paths are relative to the file's folder, not the working directory. */
    Path resolve(Path written) {
        return folder.resolve(written).normalize();
    }
}
