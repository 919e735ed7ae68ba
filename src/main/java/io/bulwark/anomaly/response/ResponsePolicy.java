package io.bulwark.anomaly.response;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The rules of {@code anomaly.responses}: the first whose kinds, severity and subject take an alert decides; none, record. */
public final class ResponsePolicy {

    /** What the policy decided for one alert; {@code rule} is empty for the default (record only). */
    public record Choice(Action action, Optional<Rule> rule) {

        /** How long the action lasts, for the actions that last. */
        public Optional<Duration> duration() {
            return rule.flatMap(Rule::duration);
        }
    }

    private final List<Rule> rules;

    public ResponsePolicy(AnomalyResponseConfig config) {
        this.rules = config.rules();
    }

    public Choice choose(AnomalyAlert alert) {
        Level severity = level(alert.severity());
        SubjectKind subject = subjectKind(alert.subject().kind());
        for (Rule rule : rules) {
            if (rule.takesKind(alert.kind()) && severity.compareTo(rule.minSeverity()) >= 0
                    && (rule.subjects().isEmpty() || rule.subjects().contains(subject))) {
                return new Choice(rule.action(), Optional.of(rule));
            }
        }
        return new Choice(Action.RECORD, Optional.empty());
    }

    static Level level(AnomalyAlert.Severity severity) {
        return Level.valueOf(severity.name());
    }

    static SubjectKind subjectKind(AnomalyAlert.Subject.Kind kind) {
        return SubjectKind.valueOf(kind.name());
    }

    /** Whether {@code action} can act on a subject of {@code kind} at all (an operation cannot be suspended). */
    static boolean applies(Action action, SubjectKind kind) {
        return switch (action) {
            case RECORD, ALERT -> true;
            case THROTTLE -> kind != SubjectKind.OPERATION;
            case STEP_UP, REVOKE -> kind == SubjectKind.USER;
            case SUSPEND -> kind == SubjectKind.CLIENT;
        };
    }
}
