package io.bulwark.demo.traffic;

import java.time.Instant;
import java.util.Objects;

/**
 * One planned request as a live run sent it: the request with the loopback address it left from as its source, when it
 * was sent, the status it got, and the gateway's {@code X-Request-Id} (which names it in the audit trail and in alerts).
 *
 * @param status    the answer's status; 0 when it was not sent ({@code outcome} says why)
 * @param requestId the answer's {@code X-Request-Id}, or null
 * @param outcome   {@code sent}, {@code skipped} (a normal payment while its user waited for a TOTP step, or the status read
 *                  of a payment never made) or {@code failed}
 */
public record SentRequest(PlannedRequest request, Instant sentAt, int status, String requestId, String outcome) {

    public SentRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean sent() {
        return outcome.equals("sent");
    }
}
