package io.bulwark.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code limits}: connection, header, body, timeout, JSON and page-size limits, each defaulting to a safe value. */
final class RequestLimitsReader {

    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9._~-]+");

    private RequestLimitsReader() {
    }

    static RequestLimitsConfig read(ConfigNode node) {
        RequestLimitsConfig d = RequestLimitsConfig.defaults();
        if (node.isAbsent()) {
            return d;
        }
        node.map("max-connections", "max-connections-per-ip", "max-header-bytes", "max-headers", "max-uri-bytes",
                "header-read-timeout", "body-read-timeout", "idle-timeout", "tls-handshake-timeout",
                "max-body-bytes", "max-json-depth", "max-json-array-length", "page-size");
        int maxConnections = Numbers.readInt(node.get("max-connections"), d.maxConnections(), 1, 1_000_000,
                "each connection holds memory; size it to what one node can serve");
        int perIp = Numbers.readInt(node.get("max-connections-per-ip"), d.maxConnectionsPerIp(), 1, maxConnections,
                "one address must not take all connections (and it cannot exceed `max-connections`)");
        int headerBytes = Numbers.readInt(node.get("max-header-bytes"), d.maxHeaderBytes(), 1024, 1024 * 1024,
                "large headers cost memory before any check runs");
        int headers = Numbers.readInt(node.get("max-headers"), d.maxHeaders(), 8, 1000, "many small headers cost as much as large ones");
        int uriBytes = Numbers.readInt(node.get("max-uri-bytes"), d.maxUriBytes(), 256, 64 * 1024,
                "the request line is buffered before routing");
        Duration headerRead = Durations.read(node.get("header-read-timeout"), d.headerReadTimeout(), Duration.ofMillis(100),
                Duration.ofMinutes(2), "a client that trickles its headers holds a connection until this passes (slowloris)");
        Duration bodyRead = Durations.read(node.get("body-read-timeout"), d.bodyReadTimeout(), Duration.ofMillis(100),
                Duration.ofMinutes(10), "a client that trickles its body holds a connection until this passes");
        Duration idle = Durations.read(node.get("idle-timeout"), d.idleTimeout(), Duration.ofSeconds(1), Duration.ofHours(1),
                "idle connections count against the connection limits");
        Duration handshake = Durations.read(node.get("tls-handshake-timeout"), d.tlsHandshakeTimeout(), Duration.ofMillis(100),
                Duration.ofMinutes(1), "an unfinished handshake holds a connection");
        long bodyBytes = Numbers.read(node.get("max-body-bytes"), d.maxBodyBytes(), 0, 64L * 1024 * 1024,
                "the gateway holds a request's body in memory while its policies run");
        int depth = Numbers.readInt(node.get("max-json-depth"), d.maxJsonDepth(), 1, 1000, "deep nesting exhausts parsers downstream");
        int arrayLength = Numbers.readInt(node.get("max-json-array-length"), d.maxJsonArrayLength(), 1, 10_000_000,
                "long arrays multiply the work of every later step and of the API");
        return new RequestLimitsConfig(maxConnections, perIp, headerBytes, headers, uriBytes, headerRead, bodyRead, idle, handshake,
                bodyBytes, depth, arrayLength, pageSize(node.get("page-size"), d.pageSize()));
    }

    private static RequestLimitsConfig.PageSize pageSize(ConfigNode node, RequestLimitsConfig.PageSize defaults) {
        if (node.isAbsent()) {
            return defaults;
        }
        node.map("parameters", "max", "operations");
        List<String> parameters = defaults.parameters();
        if (!node.get("parameters").isAbsent()) {
            parameters = new ArrayList<>();
            for (ConfigNode element : node.get("parameters").list()) {
                String name = element.text().strip();
                if (!PARAMETER.matcher(name).matches()) {
                    throw element.error("`" + name + "` is not a query parameter name", "write the name as it appears in the query, for example `pageSize`");
                }
                parameters.add(name);
            }
        }
        String why = "a large page makes one request do the work of many, past every rate limit";
        int max = Numbers.readInt(node.get("max"), defaults.max(), 1, 100_000, why);
        Map<String, Integer> byOperation = new LinkedHashMap<>();
        ConfigNode operations = node.get("operations");
        if (!operations.isAbsent()) {
            if (!operations.raw().isObject()) {
                throw operations.error("must be a map of operationIds to caps", "write for example `listAccountTransactions: 50`");
            }
            for (var entry : operations.raw().properties()) {
                byOperation.put(entry.getKey(), Numbers.readInt(operations.get(entry.getKey()), max, 1, 100_000, why));
            }
        }
        return new RequestLimitsConfig.PageSize(parameters, max, byOperation);
    }
}
