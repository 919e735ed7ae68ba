package io.bulwark.gateway.steps;

import io.bulwark.http.Problem;

/** Builds refusals with the RFC 6750 §3 {@code WWW-Authenticate: Bearer} challenge. */
final class BearerChallenge {

    static final String REALM = "bulwark";

    private BearerChallenge() {
    }

    /** RFC 6750 §3.1: a request without credentials gets a challenge with no error code. */
    static Problem missing() {
        return Problem.of("missing-token", "Unauthorized", 401,
                "send an access token in the Authorization header: Authorization: Bearer <token>")
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
    }

    /** RFC 6750 §3.1 invalid_request: malformed request, 400. */
    static Problem invalidRequest(String slug, String detail) {
        return Problem.of(slug, "Bad Request", 400, detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\", error_description=\"" + quoted(detail) + "\"");
    }

    /** RFC 6750 §3.1 invalid_token: expired, revoked, malformed or otherwise invalid, 401. */
    static Problem invalidToken(String detail) {
        return Problem.of("invalid-token", "Unauthorized", 401, detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + quoted(detail) + "\"");
    }

    /** RFC 6750 §3.1 insufficient_scope: 403, naming the scope needed. */
    static Problem insufficientScope(String requiredScopes) {
        return Problem.of("insufficient-scope", "Forbidden", 403,
                "the access token lacks the scope this operation requires: " + requiredScopes)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + quoted(requiredScopes) + "\"");
    }

    // RFC 6750 §3: error_description and scope values must not contain '"' or '\'.
    private static String quoted(String value) {
        return value.replace("\"", "'").replace("\\", "/");
    }
}
