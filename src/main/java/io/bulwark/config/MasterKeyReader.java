package io.bulwark.config;

import java.nio.file.Path;

/** Reads {@code master-key}: the environment variable consulted first, then the key file (default {@code <data-dir>/master.key}). */
final class MasterKeyReader {

    private MasterKeyReader() {
    }

    static MasterKeyConfig read(ConfigNode node, Path dataDir) {
        if (node.isAbsent()) {
            return new MasterKeyConfig(MasterKeyConfig.DEFAULT_ENV, dataDir.resolve("master.key"));
        }
        node.map("env", "file");
        ConfigNode envNode = node.get("env");
        String env = envNode.isAbsent() ? MasterKeyConfig.DEFAULT_ENV : EnvironmentVariables.name(envNode);
        // The file need not exist yet: the key may come from the environment instead.
        Path file = node.get("file").isAbsent() ? dataDir.resolve("master.key") : node.get("file").file();
        return new MasterKeyConfig(env, file);
    }
}
