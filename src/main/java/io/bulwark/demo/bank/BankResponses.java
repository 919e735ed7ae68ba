package io.bulwark.demo.bank;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends a bank request: a JSON body, or an RFC 9457 problem for whatever went wrong. */
final class BankResponses {

    private static final Logger LOG = LoggerFactory.getLogger(BankResponses.class);
    private static final String JSON = "application/json";

    private BankResponses() {
    }

    static void json(RoutingContext ctx, int status, JsonNode body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(BankJson.write(body));
    }

    static void problem(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        problem.headers().forEach(response::putHeader);
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problem.toJson());
    }

    /** Router failure handler: refusals become their problem; anything else a bare 500 whose cause is only logged. */
    static void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            // Too late for a problem body: cut the connection so the client cannot mistake a partial answer for a whole one.
            ctx.response().reset();
            return;
        }
        problem(ctx, problemFor(ctx));
    }

    private static Problem problemFor(RoutingContext ctx) {
        if (ctx.failure() instanceof ProblemException refusal) {
            return refusal.problem();
        }
        return switch (ctx.statusCode()) {
            case 400 -> Problem.of("bank/invalid-request", "Invalid request", 400, "The request could not be read.");
            case 413 -> Problem.of("bank/payload-too-large", "Payload too large", 413,
                    "The request body exceeds " + BankApi.BODY_LIMIT_BYTES + " bytes.");
            default -> {
                LOG.error("Demo bank request failed: {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
                yield Problem.of("bank/internal-error", "Internal error", 500, null);
            }
        };
    }

    static Problem noSuchResource() {
        return Problem.of("bank/not-found", "Not found", 404, "No such resource.");
    }

    static Problem methodNotAllowed() {
        return Problem.of("bank/method-not-allowed", "Method not allowed", 405, "The resource does not support this method.");
    }

    static Problem unsupportedMediaType() {
        return Problem.of("bank/unsupported-media-type", "Unsupported media type", 415,
                "The request body must be application/json.");
    }
}
