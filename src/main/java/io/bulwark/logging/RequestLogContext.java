package io.bulwark.logging;

import org.slf4j.MDC;

/**
 * The request a log line was written for, as SLF4J MDC entries: set by the listeners when a request's handling starts
 * on its (virtual) thread, completed as the request is routed and its client known, and removed when the handling ends,
 * exceptions included, so that no entry outlives its request on a reused thread.
 */
public final class RequestLogContext implements AutoCloseable {

    /** The answer's {@code X-Request-Id}. */
    public static final String REQUEST_ID = "request_id";
    /** The W3C trace id, the one sent upstream in {@code traceparent}. */
    public static final String TRACE_ID = "trace_id";
    /** The client: its verified {@code client_id} at the gateway, the one it names at the authorization server. */
    public static final String CLIENT = "client";
    /** The operation: the OpenAPI {@code operationId} at the gateway, the endpoint at the authorization server. */
    public static final String OPERATION = "operation";

    private RequestLogContext() {
    }

    /** Sets the request's id and trace id on this thread; closing the result removes every entry of this class. */
    public static RequestLogContext open(String requestId, String traceId) {
        MDC.put(REQUEST_ID, requestId);
        MDC.put(TRACE_ID, traceId);
        return new RequestLogContext();
    }

    /** Sets the request's id on this thread, its trace id to follow ({@link #traceId}) once the trace is chosen. */
    public static RequestLogContext open(String requestId) {
        MDC.put(REQUEST_ID, requestId);
        return new RequestLogContext();
    }

    /** Names the trace of the request being handled on this thread (the id its upstream calls carry). */
    public static void traceId(String traceId) {
        MDC.put(TRACE_ID, traceId);
    }

    /** Names the client of the request being handled on this thread. */
    public static void client(String clientId) {
        MDC.put(CLIENT, clientId);
    }

    /** Names the operation of the request being handled on this thread. */
    public static void operation(String operation) {
        MDC.put(OPERATION, operation);
    }

    @Override
    public void close() {
        MDC.remove(REQUEST_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(CLIENT);
        MDC.remove(OPERATION);
    }
}
