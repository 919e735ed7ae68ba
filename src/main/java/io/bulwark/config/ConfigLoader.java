package io.bulwark.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@code bulwark.yaml} into a {@link BulwarkConfig}, refusing anything doubtful with a {@link ConfigException}
 * that names the file, the path inside it, the problem and the fix.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file}, reading {@code *-env} variables from this process's environment. */
    public static BulwarkConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file}, reading {@code *-env} variables from {@code environment}.
     *
     * @throws ConfigException at the first thing wrong, with where it is and how to fix it
     */
    public static BulwarkConfig load(Path file, Map<String, String> environment) {
        Path absolute = file.toAbsolutePath().normalize();
        ConfigSource source = new ConfigSource(absolute, absolute.getParent(), environment);
        ConfigNode root = ConfigNode.root(source, YamlFile.read(absolute))
                .map("data-dir", "master-key", "store", "authorization-server", "gateway", "clients",
                        "redis", "rate-limits", "limits", "authentication-guard", "management", "security-events", "tracing", "audit",
                        "logging", "anomaly");
        // Read first by the command (logging(file)), so that the rest is read and logged in the chosen format.
        LoggingReader.read(root.get("logging"));
        Path dataDir = dataDir(root.get("data-dir"));
        MasterKeyConfig masterKey = MasterKeyReader.read(root.get("master-key"), dataDir);
        StoreConfig store = StoreReader.read(root.get("store"));
        AuthorizationServerConfig authorizationServer = AuthorizationServerReader.read(root.get("authorization-server")
                .required("the authorization server's `issuer`, `listen` and `tls`"));
        GatewayConfig gateway = GatewayReader.read(root.get("gateway")
                .required("the gateway's `listen`, `tls`, `audience` and `apis`"), authorizationServer.issuer());
        List<ClientConfig> clients = ClientReader.readAll(root.get("clients"), authorizationServer.tlsClientAuthCa() != null);
        return new BulwarkConfig(Optional.of(absolute), dataDir, masterKey, store, authorizationServer, gateway, clients,
                ProtectionReader.read(root, gateway, clients), ManagementReader.read(root.get("management")),
                SecurityEventsReader.read(root.get("security-events")), TracingReader.read(root.get("tracing")), AuditReader.read(root.get("audit")),
                AnomalyReader.read(root.get("anomaly")));
    }

    /**
     * Reads {@code file}'s {@code logging} section alone, before the rest: the command chooses its log format from it
     * before anything else logs.
     *
     * @throws ConfigException when the section is wrong, naming where and the fix
     */
    public static LoggingConfig logging(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        ConfigSource source = new ConfigSource(absolute, absolute.getParent(), Map.of());
        return LoggingReader.read(ConfigNode.root(source, YamlFile.read(absolute)).get("logging"));
    }

    /** The data folder, default {@code bulwark-data} beside the file; it is created at start if missing, but must not be a file. */
    private static Path dataDir(ConfigNode node) {
        Path dataDir = node.isAbsent() ? node.source().resolve(Path.of("bulwark-data")) : node.file();
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw node.error(dataDir + " exists but is not a folder", "point `data-dir` to a folder (it is created if missing)");
        }
        return dataDir;
    }
}
