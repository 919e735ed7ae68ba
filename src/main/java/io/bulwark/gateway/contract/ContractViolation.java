package io.bulwark.gateway.contract;

import io.bulwark.http.Problem;

/**
 * Why a request breaks its operation's contract: a stable problem type, an HTTP status, a detail
 * that names the parameter or JSON Pointer (never the rejected value), and a machine reason for
 * audit events.
 */
public record ContractViolation(String slug, int status, String detail, String reason) {

    static ContractViolation invalidParameter(String detail) {
        return new ContractViolation("invalid-request-parameter", 400, detail, "invalid_parameter");
    }

    static ContractViolation unknownParameter(String detail) {
        return new ContractViolation("unknown-request-parameter", 400, detail, "unknown_parameter");
    }

    static ContractViolation invalidBody(String detail) {
        return new ContractViolation("invalid-request-body", 400, detail, "invalid_body");
    }

    static ContractViolation unknownProperty(String detail) {
        return new ContractViolation("unknown-property", 400, detail, "unknown_property");
    }

    static ContractViolation unsupportedMediaType(String detail) {
        return new ContractViolation("unsupported-media-type", 415, detail, "unsupported_media_type");
    }

    /** The RFC 9457 problem the caller gets. */
    public Problem problem() {
        return Problem.of(slug, status == 415 ? "Unsupported Media Type" : "Bad Request", status, detail);
    }
}
