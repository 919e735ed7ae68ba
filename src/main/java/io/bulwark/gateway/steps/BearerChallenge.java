package io.bulwark.gateway.steps;

import io.bulwark.http.Problem;

/** Builds refusals with the RFC 6750 §3 {@code WWW-Authenticate: Bearer} challenge. */
final class BearerChallenge {

    static final String REALM = "bulwark";

    private BearerChallenge() {
    }

    /**
     * RFC 6750 §3.1 and RFC 9449 §7.1: a request without credentials gets both challenges (DPoP first,
     * with the algorithms accepted) and no error code.
     */
    static Problem missing() {
        return Problem.of("missing-token", "Unauthorized", 401,
                "send an access token in the Authorization header: `Authorization: DPoP <token>` with a DPoP proof (RFC 9449),"
                        + " or `Authorization: Bearer <token>` for a token bound to your TLS client certificate (RFC 8705)")
                .withHeader("WWW-Authenticate", DpopChallenge.challenge() + ", Bearer realm=\"" + REALM + "\"");
    }

    /** RFC 6750 §3.1 invalid_request: malformed request, 400. */
    static Problem invalidRequest(String slug, String detail) {
        return Problem.of(slug, "Bad Request", 400, detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\", error_description=\"" + quoted(detail) + "\"");
    }

    /** RFC 6750 §3.1 invalid_token: expired, revoked, malformed or otherwise invalid, 401. */
    static Problem invalidToken(String detail) {
        return invalidToken("invalid-token", detail);
    }

    /** As {@link #invalidToken(String)}, with a problem type of its own for a more specific reason. */
    static Problem invalidToken(String slug, String detail) {
        return Problem.of(slug, "Unauthorized", 401, detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + quoted(detail) + "\"");
    }

    /** RFC 6750 §3.1 insufficient_scope: 403, naming the scope needed. */
    static Problem insufficientScope(String requiredScopes) {
        return Problem.of("insufficient-scope", "Forbidden", 403,
                "the access token lacks the scope this operation requires: " + requiredScopes)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + quoted(requiredScopes) + "\"");
    }

    // RFC 6750 §3: error_description and scope values must not contain '"' or '\'.
    static String quoted(String value) {
        return value.replace("\"", "'").replace("\\", "/");
    }
}
