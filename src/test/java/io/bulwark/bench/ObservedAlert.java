package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * An {@code anomaly_detected} security event as a subscriber of the management listener's stream read it
 * ({@code {"id","type","time","request_id","remote_address","details"}}, details as {@code anomaly.AnomalyAlert} writes them).
 *
 * @param receivedAt  when the subscriber read it: the detection time the benchmark counts
 * @param at          when the detector saw the activity (the event's {@code time})
 * @param subjectKind {@code client}, {@code user} or {@code operation}
 * @param requestId   the request that raised it, or null for a behaviour over a window
 */
record ObservedAlert(Instant receivedAt, Instant at, String detector, String kind, String subjectKind, String subject, String requestId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ObservedAlert {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(subject, "subject");
    }

    /** The alert in one stream frame's {@code data}. */
    static ObservedAlert parse(String data, Instant receivedAt) throws IOException {
        JsonNode event = JSON.readTree(data);
        JsonNode details = event.path("details");
        return new ObservedAlert(receivedAt, Instant.parse(event.path("time").asText()), details.path("detector").asText(""),
                details.path("kind").asText(""), details.path("subject_kind").asText(""), details.path("subject").asText(""),
                event.hasNonNull("request_id") ? event.get("request_id").asText() : null);
    }
}
