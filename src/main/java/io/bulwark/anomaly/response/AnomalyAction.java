package io.bulwark.anomaly.response;

import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One response to one anomaly alert, as kept in the store and shown by {@code bulwark anomalies list}: what was done (or,
 * in observe mode, would have been), to whom, until when, and how it ended.
 *
 * @param id          a random UUID, what operators ack and lift by
 * @param createdAt   when the response was decided
 * @param mode        the mode it was decided in: in observe nothing was changed
 * @param action      what was done; {@code record} for an alert only kept (also when the allow-list or circuit spared it)
 * @param subjectKind whose activity the alert was about
 * @param subject     the client id, user ({@code sub}) or operationId
 * @param status      where it stands
 * @param expiresAt   when it ends by itself; null when nothing is in force (record, alert, revoke)
 * @param alert       the alert it answers
 * @param rate        the throttle's limit, for throttle
 * @param restores    whether its end gives something back (the client it disabled, the throttle, the step-up)
 * @param detail      what was done in words (grants revoked, "allow-listed: would have throttled"), never a secret
 * @param ended       when and by whom it expired or was lifted, or null
 * @param acked       when and by whom an operator acknowledged it, or null
 */
public record AnomalyAction(String id, Instant createdAt, Mode mode, Action action, SubjectKind subjectKind, String subject, Status status,
                            Instant expiresAt, AlertSummary alert, Optional<Rate> rate, boolean restores, String detail, Mark ended,
                            Mark acked) {

    public AnomalyAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(rate, "rate");
        detail = detail == null ? "" : detail;
    }

    /** Where an action stands. */
    public enum Status {
        /** Enforced and in force until it expires or is lifted. */
        ACTIVE,
        /** Observe mode: would be in force; nothing was changed. */
        OBSERVED,
        /** Nothing stays in force (record, alert, revoke, or spared): only an operator's ack is left. */
        DONE,
        /** Ended by its time. */
        EXPIRED,
        /** Ended by an operator. */
        LIFTED;

        /** True while the action (or, observed, what it would have been) lasts. */
        public boolean live() {
            return this == ACTIVE || this == OBSERVED;
        }
    }

    /** What the alert said, kept beside the action. */
    public record AlertSummary(String detector, String kind, String severity, double score, String reasons, String requestId) {

        public AlertSummary {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            reasons = reasons == null ? "" : reasons;
        }
    }

    /** When and by whom (an operator's account, or {@code expiry}), with their note. */
    public record Mark(Instant at, String by, String note) {

        public Mark {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(by, "by");
        }
    }

    /** True until an operator acknowledges it: {@code bulwark anomalies list --open} shows these. */
    public boolean open() {
        return acked == null;
    }

    /** This action as it ended. */
    public AnomalyAction endedAs(Status status, Mark mark) {
        return new AnomalyAction(id, createdAt, mode, action, subjectKind, subject, status, expiresAt, alert, rate, restores, detail, mark,
                acked);
    }

    /** This action acknowledged. */
    public AnomalyAction ackedBy(Mark mark) {
        return new AnomalyAction(id, createdAt, mode, action, subjectKind, subject, status, expiresAt, alert, rate, restores, detail, ended,
                mark);
    }
}
