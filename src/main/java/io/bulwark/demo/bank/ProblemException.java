package io.bulwark.demo.bank;

import io.bulwark.http.Problem;

/** A refusal that handlers throw and the router's failure handler answers with its RFC 9457 problem. */
final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    private ProblemException(Problem problem) {
        // No stack trace: this is an expected answer, not a fault, and is never logged as one.
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    static ProblemException unauthenticated() {
        // RFC 9110 §15.5.2: a 401 carries a challenge. The bank is only reached through the gateway's tokens.
        return new ProblemException(Problem.of("bank/unauthenticated", "Unauthenticated", 401,
                        "The request does not name an authenticated subject.")
                .withHeader("WWW-Authenticate", "Bearer realm=\"bulwark-demo-bank\""));
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of("bank/forbidden", "Forbidden", 403, detail));
    }

    /** Also the answer for things that exist but belong to someone else, so that existence is not disclosed. */
    static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("bank/not-found", "Not found", 404, detail));
    }

    static ProblemException invalidRequest(String detail) {
        return new ProblemException(Problem.of("bank/invalid-request", "Invalid request", 400, detail));
    }

    static ProblemException insufficientFunds() {
        return new ProblemException(Problem.of("bank/insufficient-funds", "Insufficient funds", 422,
                "The debtor account's available balance does not cover the instructed amount."));
    }
}
