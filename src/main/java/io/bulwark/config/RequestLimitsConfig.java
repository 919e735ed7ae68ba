package io.bulwark.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Denial-of-service limits: on connections (both listeners) and on what one gateway request may carry.
 *
 * @param maxConnections      open connections per listener of this node; more are closed at once
 * @param maxConnectionsPerIp open connections from one source address per listener
 * @param maxHeaderBytes      the request line and headers together
 * @param maxHeaders          header fields per request
 * @param maxUriBytes         the request line (method, target, version)
 * @param headerReadTimeout   from connection (or end of the previous response) to a complete request head: slowloris
 * @param bodyReadTimeout     from a complete head to a complete body: slow uploads
 * @param idleTimeout         a connection with no traffic at all is closed after this
 * @param tlsHandshakeTimeout a TLS handshake must finish within this
 * @param maxBodyBytes        a gateway request body
 * @param maxJsonDepth        nesting of objects and arrays in a JSON request body
 * @param maxJsonArrayLength  elements of any one array in a JSON request body
 * @param pageSize            caps on page-size query parameters
 */
public record RequestLimitsConfig(int maxConnections, int maxConnectionsPerIp, int maxHeaderBytes, int maxHeaders, int maxUriBytes,
                                  Duration headerReadTimeout, Duration bodyReadTimeout, Duration idleTimeout,
                                  Duration tlsHandshakeTimeout, long maxBodyBytes, int maxJsonDepth, int maxJsonArrayLength,
                                  PageSize pageSize) {

    /**
     * Page-size caps.
     *
     * @param parameters  the query parameters that set a page size (such as {@code pageSize} and {@code limit})
     * @param max         the cap for every operation without its own
     * @param byOperation caps of single operations, by operationId
     */
    public record PageSize(List<String> parameters, int max, Map<String, Integer> byOperation) {
        public PageSize {
            parameters = List.copyOf(parameters);
            byOperation = Map.copyOf(byOperation);
        }

        /** The cap of {@code operationId}. */
        public int capOf(String operationId) {
            return byOperation.getOrDefault(operationId, max);
        }
    }

    public RequestLimitsConfig {
        Objects.requireNonNull(headerReadTimeout, "headerReadTimeout");
        Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        Objects.requireNonNull(pageSize, "pageSize");
    }

    /** Safe defaults, used for every key left out of {@code limits}. */
    public static RequestLimitsConfig defaults() {
        return new RequestLimitsConfig(10_000, 100, 16 * 1024, 100, 8 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10),
                1024 * 1024, 32, 1000, new PageSize(List.of("pageSize", "page_size", "limit"), 100, Map.of()));
    }
}
