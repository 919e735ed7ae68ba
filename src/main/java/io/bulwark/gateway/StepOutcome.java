package io.bulwark.gateway;

/** What one step did with a request: the one rule its counters and its trace span share. */
public enum StepOutcome {
    /** It called the rest of the pipeline. */
    PASSED,
    /** It answered without refusing (the terminal step's calls, a preflight, the JWKS). */
    ANSWERED,
    /** It refused the request. */
    REFUSED;

    /** The outcome of a step that did or did not {@code proceed} and returned {@code answer}. */
    public static StepOutcome of(boolean proceeded, GatewayResponse answer) {
        if (proceeded) {
            return PASSED;
        }
        return answer != null && answer.refused() ? REFUSED : ANSWERED;
    }

    /** The lower-case word in spans and metrics. */
    public String word() {
        return switch (this) {
            case PASSED -> "passed";
            case ANSWERED -> "answered";
            case REFUSED -> "refused";
        };
    }
}
