package io.bulwark.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code management}: listen address, TLS files, the operators' client CA and the operator scope. An off-host
 * listener with neither a client CA nor an operator scope is refused: it would hand health and metrics to anyone.
 */
final class ManagementReader {

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private ManagementReader() {
    }

    static ManagementConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return new ManagementConfig(ManagementConfig.DEFAULT_LISTEN, Optional.empty(), Optional.empty(), Optional.empty(), true);
        }
        node.map("listen", "tls", "client-ca", "operator-scope", "metrics");
        ListenAddress listen = node.get("listen").isAbsent() ? ManagementConfig.DEFAULT_LISTEN
                : ListenAddresses.read(node.get("listen"));
        Optional<TlsFiles> tls = node.get("tls").isAbsent() ? Optional.empty() : Optional.of(TlsFilesReader.read(node.get("tls")));
        Optional<Path> clientCa = node.get("client-ca").isAbsent() ? Optional.empty() : Optional.of(node.get("client-ca").existingFile());
        Optional<String> scope = operatorScope(node.get("operator-scope"));
        boolean metrics = node.get("metrics").isAbsent() || node.get("metrics").bool();
        ManagementConfig config = new ManagementConfig(listen, tls, clientCa, scope, metrics);
        if (!config.restricted() && !ManagementConfig.isLoopback(listen.host())) {
            throw node.get("listen").error("`" + listen.host() + "` is not a loopback address, and nothing restricts who may call",
                    "add `client-ca` (operators' client certificates, required at the TLS handshake) or `operator-scope` "
                            + "(an access token of this authorization server with that scope, for example `"
                            + ManagementConfig.DEFAULT_OPERATOR_SCOPE + "`), or listen on `127.0.0.1`");
        }
        return config;
    }

    private static Optional<String> operatorScope(ConfigNode node) {
        if (node.isAbsent()) {
            return Optional.empty();
        }
        String scope = node.text().strip();
        if (!SCOPE.matcher(scope).matches()) {
            throw node.error("`" + scope + "` is not one OAuth scope (RFC 6749 §3.3: printable ASCII, no space, quote or backslash)",
                    "write one scope, for example `" + ManagementConfig.DEFAULT_OPERATOR_SCOPE + "`");
        }
        return Optional.of(scope);
    }
}
