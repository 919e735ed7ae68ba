package io.bulwark.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code anomaly.mode} and {@code anomaly.responses}: what the node does with an anomaly alert (docs/ANOMALY.md,
 * "Responses"). A new deployment observes: every response is recorded as what it would have done, and none is taken.
 *
 * @param mode          observe (record what would have been done) or enforce (do it)
 * @param rules         the policies, in order; the first whose kinds, severity and subject match an alert wins
 * @param circuit       at most this many identities acted on per window, across the nodes sharing the store
 * @param allowClients  clients never acted on (their alerts are recorded only)
 * @param allowUsers    users ({@code sub}) never acted on
 * @param sweepEvery    how often a node ends the actions whose time is up
 */
public record AnomalyResponseConfig(Mode mode, List<Rule> rules, Circuit circuit, Set<String> allowClients, Set<String> allowUsers,
                                    Duration sweepEvery) {

    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofSeconds(30);
    /** What a file without {@code anomaly.mode} or {@code anomaly.responses} gets: observe, record every alert, nothing else. */
    public static final AnomalyResponseConfig DEFAULT = new AnomalyResponseConfig(Mode.OBSERVE, List.of(), Circuit.DEFAULT, Set.of(), Set.of(),
            DEFAULT_SWEEP_EVERY);

    public AnomalyResponseConfig {
        Objects.requireNonNull(mode, "mode");
        rules = List.copyOf(rules);
        Objects.requireNonNull(circuit, "circuit");
        allowClients = Set.copyOf(allowClients);
        allowUsers = Set.copyOf(allowUsers);
        Objects.requireNonNull(sweepEvery, "sweepEvery");
    }

    /** Whether responses are only recorded or also taken. */
    public enum Mode {
        OBSERVE, ENFORCE;

        /** The name written in bulwark.yaml. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The alert severities, as a rule's {@code min-severity} names them (in increasing order). */
    public enum Level { LOW, MEDIUM, HIGH }

    /** Whose alerts a rule takes: a client, a user or an operation. */
    public enum SubjectKind { CLIENT, USER, OPERATION }

    /** What a rule does. */
    public enum Action {
        /** Keep the alert (store, security event). */
        RECORD("record"),
        /** As record, marked for the webhooks. */
        ALERT("alert"),
        /** A tighter rate limit for the client or user for a while. */
        THROTTLE("throttle"),
        /** A second factor at the user's consents for a while. */
        STEP_UP("step-up"),
        /** The client disabled for a while. */
        SUSPEND("suspend"),
        /** The user's standing grants revoked, for good. */
        REVOKE("revoke");

        private final String configName;

        Action(String configName) {
            this.configName = configName;
        }

        /** The name written in bulwark.yaml and shown by {@code bulwark anomalies list}. */
        public String configName() {
            return configName;
        }

        /** True for the actions that change what an identity may do (the circuit counts them; the allow-list spares them). */
        public boolean acts() {
            return this != RECORD && this != ALERT;
        }
    }

    /**
     * One policy.
     *
     * @param kinds       alert kinds, exact ({@code content.field}) or a prefix ending in {@code *} ({@code behaviour.*})
     * @param minSeverity the least severity it takes
     * @param subjects    the subject kinds it takes (empty: all)
     * @param action      what it does
     * @param duration    how long the action lasts (empty for revoke, whose effect is not undone)
     * @param rate        the throttle's limit (present exactly for throttle)
     */
    public record Rule(List<String> kinds, Level minSeverity, Set<SubjectKind> subjects, Action action, Optional<Duration> duration,
                       Optional<Rate> rate) {

        public Rule {
            kinds = List.copyOf(kinds);
            Objects.requireNonNull(minSeverity, "minSeverity");
            subjects = Set.copyOf(subjects);
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(rate, "rate");
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("a rule names at least one kind");
            }
            if (rate.isPresent() != (action == Action.THROTTLE)) {
                throw new IllegalArgumentException("a rate exactly for throttle");
            }
        }

        /** True when {@code kind} is one of this rule's kinds or under one of its prefixes. */
        public boolean takesKind(String kind) {
            for (String pattern : kinds) {
                if (pattern.equals("*") || pattern.equals(kind)
                        || (pattern.endsWith("*") && kind.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A throttle's limit: {@code limit} requests per {@code window}. */
    public record Rate(long limit, Duration window) {

        public Rate {
            if (limit < 1) {
                throw new IllegalArgumentException("a rate admits at least one request");
            }
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String toString() {
            return limit + "/" + Durations.show(window);
        }
    }

    /** The global circuit: at most {@code maxIdentities} clients and users acted on per {@code window}. */
    public record Circuit(int maxIdentities, Duration window) {

        public static final Circuit DEFAULT = new Circuit(10, Duration.ofMinutes(10));

        public Circuit {
            if (maxIdentities < 1) {
                throw new IllegalArgumentException("the circuit admits at least one identity");
            }
            Objects.requireNonNull(window, "window");
        }
    }
}
