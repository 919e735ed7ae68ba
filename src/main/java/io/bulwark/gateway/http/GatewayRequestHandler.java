package io.bulwark.gateway.http;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.http.InteractionId;
import io.bulwark.http.Problem;
import io.bulwark.logging.RequestLogContext;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's only Vert.x request handler: reads the request (within a body limit), runs the
 * pipeline, writes its answer with the security headers. Runs on a virtual thread.
 */
public final class GatewayRequestHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRequestHandler.class);

    private final Supplier<GatewayPipeline> pipeline;
    private final long maxBodyBytes;

    /** @param pipeline the pipeline in force, read once per request (a reload swaps it) */
    public GatewayRequestHandler(Supplier<GatewayPipeline> pipeline, long maxBodyBytes) {
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        Exchange exchange;
        try {
            String length = request.getHeader("Content-Length");
            Buffer body = length != null && parseLength(length) > maxBodyBytes ? null : BoundedBody.read(request, maxBodyBytes);
            if (body == null) {
                // The rest of the body is never read, so an HTTP/1.1 connection cannot carry another request
                // (HTTP/2 resets just the stream; RFC 9113 §8.2.2 forbids the Connection field there).
                if (request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                    response.putHeader("Connection", "close");
                }
                identify(response, io.bulwark.audit.RequestIds.next(), InteractionId.of(request.getHeader(InteractionId.HEADER)));
                ResponseWriter.problem(response, Problem.of("request-too-large", "Content Too Large", 413,
                        "the request body exceeds " + maxBodyBytes + " bytes"));
                return;
            }
            exchange = new Exchange(toGatewayRequest(request, body));
        } catch (RuntimeException e) {
            failed(request, e);
            return;
        }
        identify(response, exchange.requestId(), exchange.interactionId());
        // Every line logged while this request is handled names it; the context goes when the handling ends, however.
        // The trace id joins it when the pipeline starts the request's span (GatewayPipeline, TraceContext's one rule).
        try (RequestLogContext ignored = RequestLogContext.open(exchange.requestId())) {
            try {
                write(response, pipeline.get().handle(exchange), exchange.requestId());
            } catch (RuntimeException e) {
                failed(request, e);
            }
        }
    }

    /** Logs an unexpected failure and answers 500 with no detail, unless an answer has already gone. */
    private static void failed(HttpServerRequest request, RuntimeException e) {
        HttpServerResponse response = request.response();
        LOG.error("gateway failed on {} {}", request.method(), io.bulwark.audit.AuditRedaction.clean(request.path(), 256), e);
        if (!response.ended()) {
            if (response.headers().get(Problem.REQUEST_ID_HEADER) == null) {
                identify(response, io.bulwark.audit.RequestIds.next(), InteractionId.of(request.getHeader(InteractionId.HEADER)));
            }
            ResponseWriter.problem(response, Problem.of("internal-error", "Internal Server Error", 500,
                    "the request could not be completed; it has been logged"));
        }
    }

    /** Every answer names its request and FAPI interaction, refusals and early errors included. */
    private static void identify(HttpServerResponse response, String requestId, String interactionId) {
        ResponseWriter.identify(response, requestId);
        response.putHeader(InteractionId.HEADER, interactionId);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static GatewayRequest toGatewayRequest(HttpServerRequest request, Buffer body) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? null : uri.substring(question + 1);
        return new GatewayRequest(request.method().name(), rawPath, rawQuery, VertxHeaders.toMap(request.headers()),
                body.getBytes(), request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                clientCertificate(request));
    }

    private static X509Certificate clientCertificate(HttpServerRequest request) {
        try {
            if (!request.isSSL() || request.connection().sslSession() == null) {
                return null;
            }
            List<Certificate> chain = request.connection().peerCertificates();
            return chain == null || chain.isEmpty() ? null : (X509Certificate) chain.getFirst();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void write(HttpServerResponse response, GatewayResponse answer, String requestId) {
        answer.headers().forEach((name, values) -> {
            // The request and interaction ids are the gateway's; an upstream's own never replace them.
            if (!name.equalsIgnoreCase(Problem.REQUEST_ID_HEADER) && !name.equalsIgnoreCase(InteractionId.HEADER)) {
                response.putHeader(name, values);
            }
        });
        // Security headers last, so an upstream cannot weaken them.
        ResponseWriter.secure(response);
        // A refusal's document names the request, so that a partner can quote it to the support desk.
        byte[] body = answer.refused() ? answer.refusal().toJson(requestId).getBytes(java.nio.charset.StandardCharsets.UTF_8) : answer.body();
        response.setStatusCode(answer.status()).end(Buffer.buffer(body));
    }
}
