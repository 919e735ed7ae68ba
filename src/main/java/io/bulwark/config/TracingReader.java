package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code tracing}: OTLP export of the gateway's spans and the networks whose {@code traceparent} is continued. */
final class TracingReader {

    static final String PROTOCOL = "http/protobuf";
    private static final String ENDPOINT_FIX = "write the collector's OTLP/HTTP traces URL, for example "
            + "`https://otel-collector.internal:4318/v1/traces` (plain http only to a collector on this host, such as "
            + "`http://127.0.0.1:4318/v1/traces`); put credentials in `headers`, never in the URL";
    // RFC 9110 §5.1: a field name is a token.
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> RESERVED = Set.of("content-type", "content-length", "content-encoding", "host",
            "connection", "transfer-encoding", "te", "upgrade");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(auth|key|token|secret|password|credential).*");

    private TracingReader() {
    }

    static TracingConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return TracingConfig.OFF;
        }
        node.map("enabled", "endpoint", "protocol", "headers", "sampling-ratio", "export-timeout", "max-queue-size",
                "trust-traceparent-from");
        boolean enabled = !node.get("enabled").isAbsent() && node.get("enabled").bool();
        ConfigNode endpointNode = node.get("endpoint");
        if (enabled) {
            endpointNode.required("the collector's OTLP/HTTP traces URL, for example `https://otel-collector.internal:4318/v1/traces`");
        }
        Optional<URI> endpoint = endpointNode.isAbsent() ? Optional.empty() : Optional.of(endpoint(endpointNode));
        ConfigNode protocol = node.get("protocol");
        if (!protocol.isAbsent() && !PROTOCOL.equals(protocol.text().strip())) {
            throw protocol.error("`" + protocol.text().strip() + "` is not supported",
                    "write `" + PROTOCOL + "` (OTLP over HTTP with protobuf bodies), or remove the key; gRPC is not offered");
        }
        Map<String, String> headers = headers(node.get("headers"));
        double ratio = ratio(node.get("sampling-ratio"));
        Duration timeout = Durations.read(node.get("export-timeout"), TracingConfig.DEFAULT_EXPORT_TIMEOUT, Duration.ofMillis(100),
                Duration.ofSeconds(60), "an export runs on its own thread and never holds a request; a slow collector only drops spans");
        int queue = Numbers.readInt(node.get("max-queue-size"), TracingConfig.DEFAULT_MAX_QUEUE_SIZE, 64, 1_000_000,
                "the queue takes memory; spans beyond it are dropped and counted, never waited for");
        return new TracingConfig(enabled, endpoint, headers, ratio, timeout, queue, networks(node.get("trust-traceparent-from")));
    }

    private static URI endpoint(ConfigNode node) {
        String text = node.text().strip();
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("is not a URL", ENDPOINT_FIX);
        }
        if (url.getRawUserInfo() != null) {
            // Not echoed: the user info may hold a password.
            throw node.error("carries credentials", ENDPOINT_FIX);
        }
        if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw node.error("`" + text + "` needs a host and no query or fragment", ENDPOINT_FIX);
        }
        boolean loopback = LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT));
        if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && loopback)) {
            // The export carries the headers, which may be API keys, and span data: only TLS leaves the host.
            throw node.error("must be https (plain http only to this host), not `" + url.getScheme() + "`", ENDPOINT_FIX);
        }
        String path = url.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.resolve("/v1/traces") : url;
    }

    private static Map<String, String> headers(ConfigNode node) {
        if (node.isAbsent()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : fieldNames(node)) {
            ConfigNode value = node.get(name);
            if (!FIELD_NAME.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw value.error("`" + name + "` is not a header Bulwark can send",
                        "use a header name made of letters, digits and `-`, other than the ones HTTP sets itself (Host, Content-Type, ...)");
            }
            String text;
            if (value.raw() != null && value.raw().isObject()) {
                value.map("env");
                String variable = EnvironmentVariables.name(value.get("env").required("the name of the variable holding the value"));
                text = node.source().environment().get(variable);
                if (text == null || text.isBlank()) {
                    throw value.get("env").error("environment variable `" + variable + "` is not set",
                            "set " + variable + " to the header's value before starting, or remove the header");
                }
            } else {
                if (SECRET_NAME.matcher(name).matches()) {
                    // Not echoed: the value is presumably the secret itself.
                    throw value.error("looks like a credential written in the file",
                            "write `" + name + ": {env: VARIABLE}` and put the value in that environment variable");
                }
                text = value.text();
            }
            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
                throw value.error("holds a line break or NUL", "a header value is one line of visible characters");
            }
            headers.put(name, text.strip());
        }
        return headers;
    }

    private static String[] fieldNames(ConfigNode node) {
        List<String> names = new ArrayList<>();
        if (node.raw() != null && node.raw().isObject()) {
            node.raw().properties().forEach(entry -> names.add(entry.getKey()));
        } else {
            node.map();
        }
        return names.toArray(String[]::new);
    }

    private static double ratio(ConfigNode node) {
        if (node.isAbsent()) {
            return TracingConfig.DEFAULT_SAMPLING_RATIO;
        }
        double ratio = node.raw().isNumber() ? node.raw().doubleValue() : Double.NaN;
        if (!(ratio >= 0 && ratio <= 1)) {
            throw node.error("must be a number from 0 to 1", "write the share of new traces to record, for example `0.1` for 10 %");
        }
        return ratio;
    }

    private static List<IpNetwork> networks(ConfigNode node) {
        if (node.isAbsent()) {
            return List.of();
        }
        List<IpNetwork> networks = new ArrayList<>();
        for (ConfigNode element : node.list()) {
            String text = element.text().strip();
            try {
                networks.add(IpNetwork.parse(text));
            } catch (IllegalArgumentException e) {
                throw element.error("`" + text + "` is not a network: " + e.getMessage(),
                        "write an address or a CIDR network of your own services, for example `10.20.0.0/16` or `fd00::/8`");
            }
        }
        return networks;
    }
}
