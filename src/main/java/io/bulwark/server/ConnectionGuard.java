package io.bulwark.server;

import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection-level denial-of-service limits for one listener: open connections per node and per source address, a
 * deadline for a request head to arrive (slowloris: a client trickling its headers is cut off), a deadline for a body
 * to arrive (slow uploads), and a cap on header fields. Sizes and idle and handshake timeouts are set on the
 * server's options by {@link #apply}.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** How often deadlines are checked; a deadline is enforced within this much of its time. */
    private static final long SWEEP_MILLIS = 100;

    /** One open connection and the requests on it that have not been answered. */
    private static final class Tracked {
        private final String address;
        private final long openedAt = System.nanoTime();
        private final Set<HttpServerRequest> inFlight = ConcurrentHashMap.newKeySet();
        private final Map<HttpServerRequest, Long> arrivedAt = new ConcurrentHashMap<>();
        private volatile long idleSince = openedAt;
        private volatile boolean servedOne;

        private Tracked(String address) {
            this.address = address;
        }
    }

    private final RequestLimitsConfig limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> openByAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Tracked> connections = new ConcurrentHashMap<>();

    public ConnectionGuard(RequestLimitsConfig limits) {
        this.limits = limits;
    }

    /** Sets the limits the server enforces itself: sizes (431/414 answers), idle and TLS handshake timeouts, HTTP/2 settings. */
    public static HttpServerOptions apply(HttpServerOptions options, RequestLimitsConfig limits) {
        return options
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxInitialLineLength(limits.maxUriBytes())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(Math.toIntExact(limits.idleTimeout().toMillis()))
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setSslHandshakeTimeout(limits.tlsHandshakeTimeout().toMillis())
                .setInitialSettings(new Http2Settings()
                        .setMaxHeaderListSize(limits.maxHeaderBytes())
                        .setMaxConcurrentStreams(100));
    }

    /** Starts checking deadlines on {@code vertx}; stops when it closes. */
    public ConnectionGuard start(Vertx vertx) {
        vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(System.nanoTime()));
        return this;
    }

    /** Open connections now (for tests and metrics). */
    public int openConnections() {
        return open.get();
    }

    /** The server's connection handler: admits the connection within the limits, or closes it at once. */
    public Handler<HttpConnection> connectionHandler() {
        return connection -> {
            String address = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
            AtomicInteger fromAddress = openByAddress.computeIfAbsent(address, a -> new AtomicInteger());
            int total = open.incrementAndGet();
            int perAddress = fromAddress.incrementAndGet();
            Tracked tracked = new Tracked(address);
            connections.put(connection, tracked);
            connection.closeHandler(closed -> release(connection));
            if (total > limits.maxConnections() || perAddress > limits.maxConnectionsPerIp()) {
                LOG.warn("connection from {} refused: {} open on this listener, {} from that address (limits {} and {})",
                        address, total, perAddress, limits.maxConnections(), limits.maxConnectionsPerIp());
                connection.close();
            }
        };
    }

    /** Wraps the listener's request handler: notes the request for the deadlines and refuses too many header fields. */
    public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> handler) {
        return request -> {
            Tracked tracked = connections.get(request.connection());
            if (tracked != null) {
                tracked.servedOne = true;
                tracked.arrivedAt.put(request, System.nanoTime());
                tracked.inFlight.add(request);
            }
            if (request.headers().size() > limits.maxHeaders()) {
                // RFC 6585 §5: 431 Request Header Fields Too Large.
                ResponseWriter.problem(request.response(), Problem.of("too-many-headers", "Request Header Fields Too Large", 431,
                        "send at most " + limits.maxHeaders() + " header fields")).onComplete(done -> request.connection().close());
                return;
            }
            handler.handle(request);
        };
    }

    private void release(HttpConnection connection) {
        Tracked tracked = connections.remove(connection);
        if (tracked == null) {
            return;
        }
        open.decrementAndGet();
        AtomicInteger fromAddress = openByAddress.get(tracked.address);
        if (fromAddress != null && fromAddress.decrementAndGet() <= 0) {
            openByAddress.remove(tracked.address, fromAddress);
        }
    }

    private void sweep(long now) {
        long headDeadline = limits.headerReadTimeout().toNanos();
        long bodyDeadline = limits.bodyReadTimeout().toNanos();
        long nextRequestDeadline = limits.idleTimeout().toNanos();
        connections.forEach((connection, tracked) -> {
            for (HttpServerRequest request : tracked.inFlight) {
                if (request.response().ended() || request.response().closed()) {
                    tracked.inFlight.remove(request);
                    tracked.arrivedAt.remove(request);
                    tracked.idleSince = now;
                    continue;
                }
                Long arrived = tracked.arrivedAt.get(request);
                if (arrived != null && !request.isEnded() && now - arrived > bodyDeadline) {
                    LOG.warn("closing a connection from {}: its request body did not arrive within {}", tracked.address, limits.bodyReadTimeout());
                    connection.close();
                    return;
                }
            }
            // Slowloris: the first request head must be complete within header-read-timeout of the connection; later ones
            // within idle-timeout of the previous answer, however slowly their bytes trickle in.
            long deadline = tracked.servedOne ? nextRequestDeadline : headDeadline;
            if (tracked.inFlight.isEmpty() && now - tracked.idleSince > deadline) {
                if (!tracked.servedOne) {
                    LOG.warn("closing a connection from {}: no complete request head within {}", tracked.address, limits.headerReadTimeout());
                }
                connection.close();
            }
        });
    }
}
