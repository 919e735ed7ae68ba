package io.bulwark.audit;

import java.time.Duration;
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

    /**
     * How far a record's time may be from its request id's: both are read from the same node's clock when the request
     * arrives, so a minute would do; five allow for a node whose clock was stepped in between.
     */
    static final Duration REQUEST_TIME_MARGIN = Duration.ofMinutes(5);

    /**
     * This query kept to the minutes around its request id's time, when the id is a UUID version 7 ({@link RequestIds}):
     * then the store reads that window through its time index. Empty when there is no request id or it tells no time
     * (older records' random UUIDs), and the store then reads every record.
     */
    public Optional<AuditQuery> narrowedByRequestTime() {
        Optional<Instant> made = requestId.flatMap(RequestIds::timeOf);
        if (made.isEmpty()) {
            return Optional.empty();
        }
        Instant from = made.get().minus(REQUEST_TIME_MARGIN);
        Instant to = made.get().plus(REQUEST_TIME_MARGIN);
        Instant narrowedSince = since.filter(given -> given.isAfter(from)).orElse(from);
        Instant narrowedUntil = until.filter(given -> given.isBefore(to)).orElse(to);
        return Optional.of(new AuditQuery(requestId, clientId, subject, status, Optional.of(narrowedSince), Optional.of(narrowedUntil)));
    }

    /** Every record between {@code since} (inclusive) and {@code until} (exclusive, when present). */
    public static AuditQuery between(Instant since, Optional<Instant> until) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(since), until);
    }
}
