package io.bulwark.events.http;

import io.bulwark.events.OutboundEvent;
import io.bulwark.events.SecurityEventStream;
import io.bulwark.http.Problem;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code GET /events/stream[?types=a,b]}: security events as Server-Sent Events (HTML Living Standard §9.2,
 * {@code text/event-stream}), one {@code id}/{@code event}/{@code data} frame per event, a comment line as a heartbeat.
 * A virtual thread per subscriber writes its frames; a connection that does not take one within the write timeout, or
 * a subscriber whose buffer fills, is disconnected and counted by the stream, never waited for.
 */
public final class SecurityEventStreamHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventStreamHandler.class);
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_TYPES = 32;

    private final SecurityEventStream stream;
    private final Duration heartbeat;
    private final Duration writeTimeout;

    /**
     * @param heartbeat    how long a quiet stream waits before a comment line, so proxies keep the connection open
     * @param writeTimeout how long one frame may take to reach the socket before the subscriber is dropped
     */
    public SecurityEventStreamHandler(SecurityEventStream stream, Duration heartbeat, Duration writeTimeout) {
        this.stream = stream;
        this.heartbeat = heartbeat;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        ResponseWriter.identify(response, io.bulwark.audit.RequestIds.next());
        Set<String> types = new LinkedHashSet<>();
        for (String parameter : context.queryParam("types")) {
            for (String type : parameter.split(",", -1)) {
                if (!TYPE.matcher(type).matches() || types.size() == MAX_TYPES) {
                    ResponseWriter.problem(response, Problem.of("invalid-event-types", "Bad Request", 400,
                            "`types` is a comma-separated list of at most " + MAX_TYPES
                                    + " event types in lower case with underscores, such as `authentication_lockout`"));
                    return;
                }
                types.add(type);
            }
        }
        SecurityEventStream.Subscription subscription = stream.subscribe(types);
        ResponseWriter.secure(response);
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        response.closeHandler(closed -> subscription.close());
        response.exceptionHandler(error -> subscription.close());
        response.write(": subscribed\n\n");
        Thread.ofVirtual().name("bulwark-event-stream").start(() -> pump(subscription, context));
    }

    private void pump(SecurityEventStream.Subscription subscription, RoutingContext context) {
        HttpServerResponse response = context.response();
        try (subscription) {
            while (!response.closed()) {
                Optional<OutboundEvent> next = subscription.next(heartbeat);
                if (subscription.isDropped()) {
                    break;
                }
                String frame = next.map(SecurityEventStreamHandler::frame).orElse(": keep-alive\n\n");
                if (!written(response, frame)) {
                    subscription.stalled();
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!response.closed()) {
            context.request().connection().close();
        }
    }

    private boolean written(HttpServerResponse response, String frame) throws InterruptedException {
        try {
            response.write(Buffer.buffer(frame)).toCompletionStage().toCompletableFuture().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            LOG.debug("security event stream: a write failed: {}", e.getCause().toString());
            return false;
        } catch (IllegalStateException e) {
            // The client left between the check and the write.
            return false;
        }
    }

    // The JSON has no line break, so one data line carries it whole.
    private static String frame(OutboundEvent event) {
        return "id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + event.json() + "\n\n";
    }
}
