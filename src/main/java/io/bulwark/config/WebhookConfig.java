package io.bulwark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One receiver of security events (a SIEM's HTTP collector, a chat-ops hook).
 *
 * @param url       the https URL events are POSTed to
 * @param headers   extra request headers (a collector's token); their values are never logged
 * @param types     the event types it receives; empty: all
 * @param trustedCa the PEM bundle its certificate must chain to; empty: the JDK's trust store
 * @param timeout   how long one delivery attempt may take
 */
public record WebhookConfig(URI url, Map<String, String> headers, Set<String> types, Optional<Path> trustedCa, Duration timeout) {

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        types = Set.copyOf(types);
        Objects.requireNonNull(trustedCa, "trustedCa");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Whether this webhook takes events of {@code type}. */
    public boolean accepts(String type) {
        return types.isEmpty() || types.contains(type);
    }

    @Override
    public String toString() {
        // The headers may hold a collector's credential: never in a log line or an error.
        return "WebhookConfig[url=" + url + ", headers=" + headers.keySet() + ", types=" + types + "]";
    }
}
