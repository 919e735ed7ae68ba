package io.bulwark.anomaly;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One recorded request, as `bulwark anomaly learn|score` read it from JSON Lines or HAR and as the traffic generator
 * writes it (docs/ANOMALY.md, "Traffic files"). Only {@code method} and {@code url} are required.
 *
 * @param id       the caller's id for the request, echoed in score output; null when the file gave none
 * @param time     when it was sent, if known
 * @param clientId the OAuth client, if known
 * @param subject  the user ({@code sub}), if known
 * @param source   the source address, if known
 * @param method   the HTTP method, upper case
 * @param url      the path with its query, no scheme or host
 * @param headers  request headers as recorded (names as given)
 * @param body     the raw body, or null
 * @param status   the answer's status, if known
 * @param label    {@code normal} or {@code attack} when the file says, else empty
 */
public record TrafficRecord(String id, Optional<Instant> time, String clientId, String subject, String source,
                            String method, String url, Map<String, String> headers, String body, OptionalInt status,
                            Optional<Label> label) {

    public TrafficRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(label, "label");
        method = method.toUpperCase(java.util.Locale.ROOT);
    }

    /** A known label. */
    public enum Label { NORMAL, ATTACK }
}
