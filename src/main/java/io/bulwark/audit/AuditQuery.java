package io.bulwark.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code bulwark audit search} and {@code export} look for; every present criterion must hold.
 *
 * @param since records at or after this instant
 * @param until records before this instant
 */
public record AuditQuery(Optional<String> requestId, Optional<String> clientId, Optional<String> subject, Optional<Integer> status,
                         Optional<Instant> since, Optional<Instant> until) {

    public AuditQuery {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }

    /** Every record between {@code since} (inclusive) and {@code until} (exclusive, when present). */
    public static AuditQuery between(Instant since, Optional<Instant> until) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(since), until);
    }
}
