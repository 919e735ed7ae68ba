package io.bulwark.oauth.http;

import io.bulwark.audit.AuditRedaction;
import io.bulwark.logging.RequestLogContext;
import io.vertx.ext.web.RoutingContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The log context of the authorization server's requests: opened by the first handler of every request, and opened
 * again after a body handler and in the failure handler, which Vert.x may run on another (virtual) thread once the
 * body has arrived. Each opening is closed when its handler returns, so no entry is left on a thread.
 */
final class RequestLogging {

    private static final String FIELDS = "bulwark.requestLog";

    private RequestLogging() {
    }

    /** The request's log fields, kept with it for the handlers that run later. */
    private record Fields(String requestId, String traceId, String operation) {
    }

    /** Opens the context of a new request named {@code requestId}, and runs the next handlers within it. */
    static void open(RoutingContext ctx, String requestId) {
        Fields fields = new Fields(requestId, newTraceId(), AuditRedaction.clean(ctx.request().path(), 64));
        ctx.put(FIELDS, fields);
        within(ctx, fields, ctx::next);
    }

    /** After a body handler: the context again, with the client the form names, then the next handlers. */
    static void resume(RoutingContext ctx) {
        within(ctx, ctx.get(FIELDS), ctx::next);
    }

    /** Runs {@code action} within {@code ctx}'s context (none when the request was never opened). */
    private static void within(RoutingContext ctx, Fields fields, Runnable action) {
        if (fields == null) {
            action.run();
            return;
        }
        try (RequestLogContext ignored = RequestLogContext.open(fields.requestId(), fields.traceId())) {
            RequestLogContext.operation(fields.operation());
            String client = ctx.request().isEnded() ? ctx.request().getFormAttribute("client_id") : null;
            if (client != null) {
                RequestLogContext.client(AuditRedaction.clean(client, 64));
            }
            action.run();
        }
    }

    /** Runs {@code action} within {@code ctx}'s context, for the failure handler. */
    static void within(RoutingContext ctx, Runnable action) {
        within(ctx, ctx.get(FIELDS), action);
    }

    /**
     * A trace id of the request's own: a caller's {@code traceparent} is not continued here, as at the gateway without
     * {@code tracing.trust-traceparent-from} (the authorization server makes no spans yet). An id, not a secret (W3C Trace
     * Context §3.2.2.3 asks for randomness): a per-thread generator, as the OpenTelemetry SDK's, takes no lock.
     */
    private static String newTraceId() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
