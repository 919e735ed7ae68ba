package io.bulwark.server;

import io.bulwark.http.Problem;
import io.bulwark.http.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** Writes Bulwark's responses to Vert.x: security headers always, problems as RFC 9457 JSON. */
public final class ResponseWriter {

    private ResponseWriter() {
    }

    /** Sets the headers every response carries (HSTS and friends); call before writing anything. */
    public static void secure(HttpServerResponse response) {
        SecurityHeaders.ALL.forEach(response::putHeader);
    }

    /**
     * Ends the response with {@code problem}, its headers and {@code application/problem+json}; the document names the
     * request id already set on the response ({@link #identify}), if any.
     */
    public static Future<Void> problem(HttpServerResponse response, Problem problem) {
        secure(response);
        problem.headers().forEach(response::putHeader);
        return response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problem.toJson(response.headers().get(Problem.REQUEST_ID_HEADER)));
    }

    /** Gives the response its request id ({@code X-Request-Id}), which problems written later name too. */
    public static void identify(HttpServerResponse response, String requestId) {
        response.putHeader(Problem.REQUEST_ID_HEADER, requestId);
    }

    /** Ends the response with a JSON body. */
    public static Future<Void> json(HttpServerResponse response, int status, String contentType, String body) {
        secure(response);
        return response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }
}
