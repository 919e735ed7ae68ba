package io.bulwark.anomaly;

import io.bulwark.audit.SecurityEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One anomaly a detector noticed: whose behaviour or which request, how unusual, and why in words an operator reads
 * ("body.creditorName: characters never seen in this field (';', '-')"). Never a token, a secret or a raw value that
 * was not cleaned: reasons pass through the audit redaction when the alert becomes a security event.
 *
 * @param at        when the anomalous activity was seen (the event's time, not the scoring's)
 * @param detector  which detector raised it
 * @param kind      the alert kind responses are chosen by, such as {@code behaviour.rate} or {@code content.field}
 * @param subject   whose activity it is
 * @param severity  how sure and how serious
 * @param score     how anomalous, higher is more; comparable within one detector only
 * @param reasons   one line per contributing feature or field, most important first
 * @param requestId the request that raised it, or null for a behaviour over a window
 */
public record AnomalyAlert(Instant at, Detector detector, String kind, Subject subject, Severity severity, double score,
                           List<String> reasons, String requestId) {

    /** The security event type every anomaly alert is published as. */
    public static final String EVENT_TYPE = "anomaly_detected";

    public AnomalyAlert {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        reasons = List.copyOf(reasons);
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("an alert's score must be finite, not " + score);
        }
    }

    /** The detectors. */
    public enum Detector {
        /** Per client and per user, over windows of decision events (Random Cut Forest). */
        BEHAVIOUR,
        /** Per operation, one request's parameters, body fields and headers. */
        CONTENT
    }

    /** How serious; responses are chosen by kind and severity. */
    public enum Severity { LOW, MEDIUM, HIGH }

    /** Whose activity: a client, a user (a token's {@code sub}) or an operation. */
    public record Subject(Kind kind, String id) {

        public Subject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }

        /** What the id names. */
        public enum Kind { CLIENT, USER, OPERATION }
    }

    /** This alert as the node's security event ({@value #EVENT_TYPE}); its details are cleaned there. */
    public SecurityEvent toSecurityEvent(String remoteAddress) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("detector", detector.name().toLowerCase(java.util.Locale.ROOT));
        details.put("kind", kind);
        details.put("subject_kind", subject.kind().name().toLowerCase(java.util.Locale.ROOT));
        details.put("subject", subject.id());
        details.put("severity", severity.name().toLowerCase(java.util.Locale.ROOT));
        details.put("score", String.format(java.util.Locale.ROOT, "%.4f", score));
        details.put("reasons", String.join("; ", reasons));
        // A behaviour alert names no request; the event still needs an id of its own to be an audit record.
        return new SecurityEvent(at, EVENT_TYPE, io.bulwark.audit.RequestIds.orNew(requestId), remoteAddress, details);
    }
}
