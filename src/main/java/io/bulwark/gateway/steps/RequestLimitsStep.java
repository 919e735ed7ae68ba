package io.bulwark.gateway.steps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.http.Problem;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * First policy after security events: refuses bodies over the size limit, and JSON bodies nested too deep or with
 * an array too long (OWASP API4:2023, unrestricted resource consumption), before any later step or the API parses them.
 * JSON is scanned as a stream of tokens, never built into a tree.
 */
public final class RequestLimitsStep implements Step {

    private final long maxBodyBytes;
    private final int maxDepth;
    private final int maxArrayLength;
    private final JsonFactory json;

    public RequestLimitsStep(long maxBodyBytes, int maxDepth, int maxArrayLength) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxDepth = maxDepth;
        this.maxArrayLength = maxArrayLength;
        // Jackson's own nesting limit backs ours up; one more level so that our message is the one callers see.
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth + 1).build())
                .build();
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        byte[] body = exchange.request().body();
        if (body.length > maxBodyBytes) {
            return GatewayResponse.refuse(Problem.of("request-too-large", "Content Too Large", 413,
                    "the request body exceeds " + maxBodyBytes + " bytes"), "body_too_large");
        }
        if (body.length > 0 && isJson(exchange.request().header("Content-Type"))) {
            Problem problem = jsonProblem(body);
            if (problem != null) {
                return GatewayResponse.refuse(problem, problem.status() == 400 ? "malformed_json" : "json_limits");
            }
        }
        return chain.proceed(exchange);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** What is wrong with the JSON body, or null when it is within the limits (malformed JSON is also refused). */
    private Problem jsonProblem(byte[] body) {
        // One counter per open array: elements seen so far (objects push a marker that is never counted).
        Deque<int[]> open = new ArrayDeque<>();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (!open.isEmpty() && open.peek().length == 1 && token != JsonToken.END_ARRAY && token != JsonToken.FIELD_NAME
                        && token != JsonToken.END_OBJECT && ++open.peek()[0] > maxArrayLength) {
                    return tooLarge("a JSON array in the request body has more than " + maxArrayLength + " elements");
                }
                switch (token) {
                    case START_ARRAY -> open.push(new int[1]);
                    case START_OBJECT -> open.push(new int[0]);
                    case END_ARRAY, END_OBJECT -> open.pop();
                    default -> {
                    }
                }
                if (open.size() > maxDepth) {
                    return tooLarge("the JSON request body is nested deeper than " + maxDepth + " levels");
                }
            }
            return null;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            return tooLarge("the JSON request body exceeds a parser limit (nesting deeper than " + maxDepth + " levels, or a huge value)");
        } catch (IOException e) {
            return Problem.of("malformed-json", "Bad Request", 400, "the request body is declared as JSON but is not well-formed JSON");
        }
    }

    // RFC 9110 §15.5.14: 413 Content Too Large, for content larger than the server is willing to process.
    private static Problem tooLarge(String detail) {
        return Problem.of("json-limits", "Content Too Large", 413, detail);
    }

    @Override
    public Phase phase() {
        return Phase.ADMIT;
    }
}
