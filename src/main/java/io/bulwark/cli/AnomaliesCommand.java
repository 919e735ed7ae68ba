package io.bulwark.cli;

import io.bulwark.anomaly.response.AnomalyAction;
import io.bulwark.anomaly.response.AnomalyActions;
import io.bulwark.anomaly.response.AnomalyActionsJson;
import io.bulwark.audit.AuditRedaction;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bulwark anomalies}: the responses to anomaly alerts (docs/ANOMALY.md, "Responses"): list them, acknowledge one,
 * or lift one (end it now and give back what it took). Exit 0 done, 1 refused or not found, 2 the configuration is wrong.
 */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
        description = "List, acknowledge or lift the responses to anomaly alerts (throttles, step-ups, suspensions, revocations, "
                + "and what observe mode would have done).",
        subcommands = {AnomaliesCommand.ListActions.class, AnomaliesCommand.Ack.class, AnomaliesCommand.Lift.class})
final class AnomaliesCommand {

    private static final String ROW = "%-36s %-20s %-7s %-8s %-8s %-28s %-20s %-20s %s%n";
    private static final int MAX_NOTE = 500;
    static final int REFUSED = 1;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List responses, newest first: by default those no operator has acknowledged yet.")
    static final class ListActions implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @ArgGroup(exclusive = true)
        Which which;

        static final class Which {
            @Option(names = "--open", description = "Only those not yet acknowledged (the default).")
            boolean open;

            @Option(names = "--all", description = "Every response, acknowledged and ended ones too.")
            boolean all;
        }

        @Option(names = "--json", description = "Print JSON ({\"actions\": [...]}), as GET /anomalies answers.")
        boolean json;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1 to 10000; default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                System.err.println("bulwark: --limit must be from 1 to 10000, not " + limit);
                return REFUSED;
            }
            boolean openOnly = which == null || !which.all;
            return options.run(opened -> {
                List<AnomalyAction> actions = opened.store().anomalyActions().list(openOnly, limit);
                if (json) {
                    System.out.println(AnomalyActionsJson.write(actions));
                    return 0;
                }
                System.out.printf(ROW, "ID", "CREATED", "MODE", "ACTION", "STATUS", "SUBJECT", "ALERT", "EXPIRES", "DETAIL");
                for (AnomalyAction action : actions) {
                    System.out.printf(ROW, action.id(), action.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            action.mode().configName(), action.action().configName(),
                            action.status().name().toLowerCase(Locale.ROOT) + (action.open() ? "" : "*"),
                            action.subjectKind().name().toLowerCase(Locale.ROOT) + ":" + action.subject(),
                            action.alert().kind() + "/" + action.alert().severity(),
                            action.expiresAt() == null ? "-" : action.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            action.detail());
                }
                if (actions.isEmpty()) {
                    System.out.println(openOnly ? "(no open responses; --all lists acknowledged ones too)" : "(no responses)");
                } else if (!openOnly) {
                    System.out.println("(* acknowledged)");
                }
                return 0;
            });
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge a response: it leaves the open list; whatever it does goes on until it ends.")
    static final class Ack implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Parameters(index = "0", description = "The response's id (see `bulwark anomalies list`).")
        String id;

        @Option(names = "--note", description = "Why, for the record (at most 500 characters).")
        String note;

        @Override
        public Integer call() {
            return change("anomalies.ack", id, note, options, (actions, operator, text) -> actions.ack(id, operator, text));
        }
    }

    @Command(name = "lift", mixinStandardHelpOptions = true,
            description = "Lift a response now: a throttle or step-up stops, a suspended client is enabled again. "
                    + "A revoked grant stays revoked.")
    static final class Lift implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Parameters(index = "0", description = "The response's id (see `bulwark anomalies list`).")
        String id;

        @Option(names = "--note", description = "Why, for the record (at most 500 characters).")
        String note;

        @Override
        public Integer call() {
            return change("anomalies.lift", id, note, options, (actions, operator, text) -> actions.lift(id, operator, text));
        }
    }

    @FunctionalInterface
    private interface Change {
        AnomalyActions.Result apply(AnomalyActions actions, String operator, String note);
    }

    private static int change(String command, String id, String note, StoreOptions options, Change change) {
        if (note != null && note.length() > MAX_NOTE) {
            System.err.println("bulwark: --note is at most " + MAX_NOTE + " characters");
            return REFUSED;
        }
        // Notes are free text: the one redaction rule keeps a pasted card number or token out of the store and the trail.
        String cleaned = note == null ? null : AuditRedaction.clean(note, MAX_NOTE);
        String verb = command.substring(command.indexOf('.') + 1);
        return options.run(opened -> {
            // The event is logged here and, through this command's audit record, kept in the trail.
            AnomalyActions actions = new AnomalyActions(opened.store().anomalyActions(), opened.store().clients(),
                    new LoggingSecurityEventSink(), Clock.systemUTC());
            String operator = OperatorAudit.operator();
            return switch (change.apply(actions, operator, cleaned)) {
                case AnomalyActions.Result.NotFound notFound -> {
                    System.err.println("bulwark: no anomaly response " + id + " exists (see `bulwark anomalies list --all`)");
                    yield REFUSED;
                }
                case AnomalyActions.Result.Refused refused -> {
                    OperatorAudit.record(opened, command, Map.of("action_id", id), "refused", false);
                    System.err.println("bulwark: cannot " + verb + " " + id + ": " + refused.reason());
                    yield REFUSED;
                }
                case AnomalyActions.Result.Done done -> {
                    AnomalyAction action = done.action();
                    OperatorAudit.record(opened, command, Map.of("action_id", id, "action", action.action().configName(),
                            action.subjectKind().name().toLowerCase(Locale.ROOT), action.subject(), "note", cleaned == null ? "" : cleaned),
                            verb.equals("lift") ? "lifted" : "acked", true);
                    String subject = action.subjectKind().name().toLowerCase(Locale.ROOT) + " " + action.subject();
                    System.out.println(!verb.equals("lift") ? "Acknowledged " + id + "; it leaves the open list."
                            : action.mode() == Mode.ENFORCE
                            ? "Lifted " + action.action().configName() + " " + id + " on " + subject + ": in force no more (a throttle "
                                    + "within a second on every node, a step-up at the next sign-in, a suspended client enabled again)."
                            : "Lifted the observed " + action.action().configName() + " " + id + " on " + subject + " (nothing was in force).");
                    yield 0;
                }
            };
        });
    }
}
