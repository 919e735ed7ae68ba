package io.bulwark.config;

import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Circuit;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code anomaly.mode} and {@code anomaly.responses} (the rules, the circuit and the allow-list); the section's
 * reader hands it the two nodes. Every error names the key and the fix.
 */
final class AnomalyResponseReader {

    private static final List<String> MODES = List.of("observe", "enforce");
    private static final List<String> LEVELS = List.of("low", "medium", "high");
    private static final List<String> SUBJECTS = List.of("client", "user", "operation");
    private static final List<String> ACTIONS = Arrays.stream(Action.values()).map(Action::configName).toList();
    // An alert kind such as `behaviour.rate`, or a prefix of kinds ending in `*`; `*` alone takes every kind.
    private static final Pattern KIND = Pattern.compile("\\*|[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*(\\.\\*)?");
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\S+)");
    private static final String RATE_FIX = "write requests per window as a quoted string, for example `rate: \"10/min\"` "
            + "(units: s, min, h, day, or a duration such as `5m`)";
    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(15);

    private AnomalyResponseReader() {
    }

    /**
     * @param mode      the {@code anomaly.mode} node (absent: observe)
     * @param responses the {@code anomaly.responses} node (absent: every alert recorded, nothing done)
     */
    static AnomalyResponseConfig read(ConfigNode mode, ConfigNode responses) {
        Mode readMode = mode(mode);
        if (responses.isAbsent()) {
            return new AnomalyResponseConfig(readMode, List.of(), Circuit.DEFAULT, Set.of(), Set.of(), AnomalyResponseConfig.DEFAULT_SWEEP_EVERY);
        }
        responses.map("rules", "circuit", "allow-list", "sweep-every");
        List<Rule> rules = new ArrayList<>();
        if (!responses.get("rules").isAbsent()) {
            for (ConfigNode rule : responses.get("rules").list()) {
                rules.add(rule(rule));
            }
        }
        ConfigNode allow = responses.get("allow-list");
        Set<String> clients = Set.of();
        Set<String> users = Set.of();
        if (!allow.isAbsent()) {
            allow.map("clients", "users");
            clients = names(allow.get("clients"));
            users = names(allow.get("users"));
        }
        Duration sweep = Durations.read(responses.get("sweep-every"), AnomalyResponseConfig.DEFAULT_SWEEP_EVERY, Duration.ofSeconds(1),
                Duration.ofMinutes(10), "an action outlives its duration by up to this much");
        return new AnomalyResponseConfig(readMode, rules, circuit(responses.get("circuit")), clients, users, sweep);
    }

    private static Mode mode(ConfigNode node) {
        if (node.isAbsent()) {
            return Mode.OBSERVE;
        }
        String text = node.text().strip();
        if (!MODES.contains(text)) {
            throw node.error("unknown mode `" + text + "`", DidYouMean.fix(text, MODES)
                    + "; start with `observe`, watch `bulwark anomalies list` for a week, then switch to `enforce`");
        }
        return Mode.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private static Rule rule(ConfigNode node) {
        node.map("kinds", "min-severity", "subjects", "action", "duration", "rate");
        ConfigNode kindsNode = node.get("kinds").required("the alert kinds it takes, for example `[behaviour.*, content.field]`");
        List<ConfigNode> kindNodes = kindsNode.raw().isTextual() ? List.of(kindsNode) : kindsNode.list();
        if (kindNodes.isEmpty()) {
            throw kindsNode.error("is empty", "name at least one alert kind, such as `behaviour.*`, or `\"*\"` for every kind");
        }
        List<String> kinds = new ArrayList<>();
        for (ConfigNode kind : kindNodes) {
            String text = kind.text().strip();
            if (!KIND.matcher(text).matches()) {
                throw kind.error("`" + text + "` is not an alert kind",
                        "write a kind such as `content.field`, a prefix such as `behaviour.*`, or `\"*\"` (quoted) for every kind");
            }
            kinds.add(text);
        }
        Level level = Level.LOW;
        ConfigNode severity = node.get("min-severity");
        if (!severity.isAbsent()) {
            String text = severity.text().strip();
            if (!LEVELS.contains(text)) {
                throw severity.error("unknown severity `" + text + "`", DidYouMean.fix(text, LEVELS));
            }
            level = Level.valueOf(text.toUpperCase(Locale.ROOT));
        }
        Set<SubjectKind> subjects = subjects(node.get("subjects"));
        ConfigNode actionNode = node.get("action").required("what to do: one of " + String.join(", ", ACTIONS));
        String actionText = actionNode.text().strip();
        Action action = Arrays.stream(Action.values()).filter(a -> a.configName().equals(actionText)).findFirst()
                .orElseThrow(() -> actionNode.error("unknown action `" + actionText + "`", DidYouMean.fix(actionText, ACTIONS)));
        ConfigNode durationNode = node.get("duration");
        Optional<Duration> duration = Optional.empty();
        if (action == Action.THROTTLE || action == Action.STEP_UP || action == Action.SUSPEND) {
            duration = Optional.of(Durations.read(durationNode, DEFAULT_DURATION, Duration.ofMinutes(1), Duration.ofDays(30),
                    "an action ends by itself after it, or earlier with `bulwark anomalies lift`"));
        } else if (!durationNode.isAbsent()) {
            throw durationNode.error("`" + action.configName() + "` has no duration",
                    action == Action.REVOKE ? "remove `duration`: a revoked grant is not given back when an action ends; the user consents again"
                            : "remove `duration`: `" + action.configName() + "` changes nothing that would have to end");
        }
        ConfigNode rateNode = node.get("rate");
        Optional<Rate> rate = Optional.empty();
        if (action == Action.THROTTLE) {
            rate = Optional.of(rate(rateNode.required("the tighter limit, for example `\"10/min\"`")));
        } else if (!rateNode.isAbsent()) {
            throw rateNode.error("only `throttle` takes a rate", "remove `rate`, or write `action: throttle`");
        }
        checkSubjects(node, action, subjects);
        return new Rule(kinds, level, subjects, action, duration, rate);
    }

    private static Set<SubjectKind> subjects(ConfigNode node) {
        if (node.isAbsent()) {
            return Set.of();
        }
        Set<SubjectKind> subjects = EnumSet.noneOf(SubjectKind.class);
        for (ConfigNode element : node.raw().isTextual() ? List.of(node) : node.list()) {
            String text = element.text().strip();
            if (!SUBJECTS.contains(text)) {
                throw element.error("unknown subject `" + text + "`", DidYouMean.fix(text, SUBJECTS));
            }
            subjects.add(SubjectKind.valueOf(text.toUpperCase(Locale.ROOT)));
        }
        return subjects;
    }

    /** A rule whose subjects its action can never apply to is a mistake worth naming at start, not a silent record. */
    private static void checkSubjects(ConfigNode node, Action action, Set<SubjectKind> subjects) {
        Set<SubjectKind> applicable = switch (action) {
            case RECORD, ALERT -> EnumSet.allOf(SubjectKind.class);
            case THROTTLE -> EnumSet.of(SubjectKind.CLIENT, SubjectKind.USER);
            case STEP_UP, REVOKE -> EnumSet.of(SubjectKind.USER);
            case SUSPEND -> EnumSet.of(SubjectKind.CLIENT);
        };
        for (SubjectKind subject : subjects) {
            if (!applicable.contains(subject)) {
                throw node.get("subjects").error("`" + action.configName() + "` cannot act on a " + subject.name().toLowerCase(Locale.ROOT),
                        "`" + action.configName() + "` applies to " + String.join(" and ",
                                applicable.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList())
                                + "; remove the others from `subjects`, or add a rule for them with another action");
            }
        }
    }

    private static Rate rate(ConfigNode node) {
        if (!node.raw().isTextual()) {
            throw node.error("must be a string such as \"10/min\"", RATE_FIX);
        }
        String text = node.text().strip();
        Matcher matcher = RATE.matcher(text);
        if (!matcher.matches()) {
            throw node.error("`" + text + "` is not a rate", RATE_FIX);
        }
        long limit = Long.parseLong(matcher.group(1));
        if (limit < 1) {
            throw node.error("`" + text + "` admits no request", "admit at least one request per window; to stop a client, use `action: suspend`");
        }
        Duration window = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            case "d", "day" -> Duration.ofDays(1);
            default -> Durations.parse(matcher.group(2));
        };
        if (window == null) {
            throw node.error("`" + matcher.group(2) + "` is not a window", RATE_FIX);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw node.error("the window of `" + text + "` is outside 1s to 1d", "use a window from one second to one day");
        }
        return new Rate(limit, window);
    }

    private static Circuit circuit(ConfigNode node) {
        if (node.isAbsent()) {
            return Circuit.DEFAULT;
        }
        node.map("max-identities", "window");
        int max = Numbers.readInt(node.get("max-identities"), Circuit.DEFAULT.maxIdentities(), 1, 100_000,
                "beyond it alerts are only recorded, so that no detector can lock out every client at once");
        Duration window = Durations.read(node.get("window"), Circuit.DEFAULT.window(), Duration.ofMinutes(1), Duration.ofDays(1),
                "the identities acted on are counted over this window");
        return new Circuit(max, window);
    }

    private static Set<String> names(ConfigNode node) {
        if (node.isAbsent()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        UniqueValues unique = new UniqueValues("name each identity once");
        for (ConfigNode element : node.list()) {
            String name = element.text().strip();
            unique.add(element, name);
            names.add(name);
        }
        return names;
    }
}
