package io.bulwark.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The management listener: where operators reach metrics, health and the capabilities' APIs, and who may.
 * Off the loopback interface it is never open: it needs {@code clientCa}, {@code operatorScope} or both.
 *
 * @param listen        where it listens (default {@code 127.0.0.1:9000})
 * @param tls           its certificate and key; empty: the gateway's
 * @param clientCa      PEM bundle of the CAs (or the certificates) of operators' client certificates; when present, the
 *                      TLS handshake requires one (mTLS)
 * @param operatorScope when present, every request needs an access token of this node's authorization server carrying
 *                      this scope
 * @param metrics       whether the node keeps meters and serves {@code /metrics} (default true; off, no meter is updated)
 */
public record ManagementConfig(ListenAddress listen, Optional<TlsFiles> tls, Optional<Path> clientCa, Optional<String> operatorScope,
                               boolean metrics) {

    /** The listen address when {@code management} says none. */
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 9000);
    /** The scope an operator's access token carries when {@code operator-scope} is given without a value of its own. */
    public static final String DEFAULT_OPERATOR_SCOPE = "bulwark:operator";

    public ManagementConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clientCa, "clientCa");
        Objects.requireNonNull(operatorScope, "operatorScope");
    }

    /** On the loopback interface, open (the default for a single host). */
    public static ManagementConfig loopback(int port) {
        return new ManagementConfig(new ListenAddress("127.0.0.1", port), Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    /** This listener's settings with the node's metrics on or off. */
    public ManagementConfig withMetrics(boolean on) {
        return new ManagementConfig(listen, tls, clientCa, operatorScope, on);
    }

    /** Whether anything beyond TLS is asked of callers. */
    public boolean restricted() {
        return clientCa.isPresent() || operatorScope.isPresent();
    }

    /**
     * Whether {@code host} is reachable only from this machine: {@code localhost} or a loopback IP literal. Any other name
     * is taken as off-host without resolving it, since what it resolves to may change after start.
     */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}
