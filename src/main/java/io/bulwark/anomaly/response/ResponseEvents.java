package io.bulwark.anomaly.response;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Circuit;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.config.Durations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The security events of responses: {@value #RESPONSE} for each step of an action's life (taken, would have been taken,
 * recorded, expired, lifted, acknowledged) and {@value #CIRCUIT_OPEN} when the global circuit spares an identity. The hub
 * logs them, keeps them in the audit trail and sends them to the webhooks; details carry identifiers and reasons only.
 */
public final class ResponseEvents {

    public static final String RESPONSE = "anomaly_response";
    public static final String CIRCUIT_OPEN = "anomaly_response_circuit_open";

    private ResponseEvents() {
    }

    /** What happened to an action, the event's {@code outcome}. */
    public enum Outcome {
        /** Enforced. */
        TAKEN,
        /** Observe mode: decided, not done. */
        WOULD_HAVE_TAKEN,
        /** Kept only (record, alert, or spared by the allow-list or circuit). */
        RECORDED,
        EXPIRED,
        LIFTED,
        ACKED;

        String slug() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The event of one step in {@code action}'s life; {@code by} and {@code note} for an operator's lift or ack. */
    public static SecurityEvent of(AnomalyAction action, Outcome outcome, Instant at, String by, String note) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action_id", action.id());
        details.put("action", action.action().configName());
        details.put("outcome", outcome.slug());
        details.put("mode", action.mode().configName());
        details.put("status", action.status().name().toLowerCase(Locale.ROOT));
        details.put("subject_kind", action.subjectKind().name().toLowerCase(Locale.ROOT));
        // The names the audit record's client and subject columns are filled from.
        if (action.subjectKind() == SubjectKind.CLIENT) {
            details.put("client_id", action.subject());
        } else if (action.subjectKind() == SubjectKind.USER) {
            details.put("sub", action.subject());
        } else {
            details.put("operation", action.subject());
        }
        details.put("alert_kind", action.alert().kind());
        details.put("detector", action.alert().detector());
        details.put("severity", action.alert().severity());
        details.put("score", String.format(Locale.ROOT, "%.4f", action.alert().score()));
        if (action.expiresAt() != null) {
            details.put("expires_at", action.expiresAt().toString());
        }
        action.rate().ifPresent(rate -> details.put("rate", rate.toString()));
        if (!action.detail().isEmpty()) {
            details.put("detail", action.detail());
        }
        if (action.action() == Action.ALERT) {
            // The webhooks receive every security event; this one asks a person to look.
            details.put("notify", "webhook");
        }
        if (by != null) {
            details.put("by", by);
        }
        if (note != null && !note.isBlank()) {
            details.put("note", note);
        }
        // The audit record needs a request id: the alert's request when it named one (audit search finds both), else a new one.
        return new SecurityEvent(at, RESPONSE, io.bulwark.audit.RequestIds.orNew(action.alert().requestId()), null, details);
    }

    /** The circuit spared {@code identity}: {@code count} identities were acted on within the window already. */
    public static SecurityEvent circuitOpen(Instant at, Mode mode, Circuit circuit, int count, String identity, Action wouldHave) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("mode", mode.configName());
        details.put("identities_acted_on", Integer.toString(count));
        details.put("max_identities", Integer.toString(circuit.maxIdentities()));
        details.put("window", Durations.show(circuit.window()));
        details.put("spared", identity);
        details.put("would_have", wouldHave.configName());
        return new SecurityEvent(at, CIRCUIT_OPEN, io.bulwark.audit.RequestIds.next(), null, details);
    }
}
