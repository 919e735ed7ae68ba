package io.bulwark.config;

import java.time.Duration;

/** Reads an API's {@code upstream}: https URL, the gateway's client certificate (mTLS), the CA to trust, and timeouts. */
final class UpstreamReader {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private UpstreamReader() {
    }

    static UpstreamConfig read(ConfigNode node) {
        node.map("url", "client-identity", "trusted-ca", "timeout", "connect-timeout");
        return new UpstreamConfig(
                HttpsUris.read(node.get("url").required("the upstream's https base URL, for example `https://bank.internal:8444`"),
                        "the gateway forwards only over TLS with a client certificate: write `https://host[:port][/path]`, "
                                + "without credentials, query or fragment"),
                TlsFilesReader.read(node.get("client-identity").required("the gateway's client certificate for this upstream: "
                        + "a map with `certificate-chain` and `private-key`")),
                node.get("trusted-ca").required("the PEM CA bundle the upstream's certificate must chain to").existingFile(),
                Durations.read(node.get("timeout"), DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5),
                        "a stuck upstream must not hold gateway connections for long"),
                // A dead host should fail fast (and trip the circuit breaker) rather than wait out the response timeout.
                Durations.read(node.get("connect-timeout"), UpstreamConfig.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100),
                        Duration.ofMinutes(1), "an unreachable upstream must not hold requests while the TCP and TLS handshakes time out"));
    }
}
