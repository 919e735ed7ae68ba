package io.bulwark.cli;

import io.bulwark.audit.AuditQuery;
import io.bulwark.audit.ChainedAuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code bulwark audit search}: the audit records of one request, client, user, status or period, as a table or JSON Lines. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Print the audit records that match every criterion given, in chain order (at most --limit). "
                + "Exit status 0: searched (even when nothing matched); 2: could not run.")
final class AuditSearchCommand implements Callable<Integer> {

    @Mixin
    StoreOptions options;

    @Option(names = "--request-id", paramLabel = "ID", description = "The request's X-Request-Id.")
    String requestId;

    @Option(names = "--client", paramLabel = "CLIENT_ID", description = "The client the token was issued to.")
    String client;

    @Option(names = "--user", paramLabel = "SUB", description = "The user (the token's sub), or an operator's account for commands.")
    String user;

    @Option(names = "--status", paramLabel = "CODE", description = "The HTTP status answered, such as 401 or 403.")
    Integer status;

    @Option(names = "--since", paramLabel = "WHEN", description = "From this instant: ISO-8601 or how long ago (24h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Before this instant, in the same forms.")
    String until;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or jsonl.")
    String format;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most this many records (default 100).")
    int limit;

    @Override
    public Integer call() {
        if (!"table".equals(format) && !"jsonl".equals(format)) {
            System.err.println("bulwark: --format `" + format + "` is not supported: use --format table or --format jsonl");
            return AuditCommand.COULD_NOT_RUN;
        }
        if (limit < 1 || limit > 100_000) {
            System.err.println("bulwark: --limit must be from 1 to 100000; use `bulwark audit export` for more");
            return AuditCommand.COULD_NOT_RUN;
        }
        Instant now = Instant.now();
        AuditQuery query;
        try {
            query = new AuditQuery(Optional.ofNullable(requestId), Optional.ofNullable(client), Optional.ofNullable(user),
                    Optional.ofNullable(status), since == null ? Optional.empty() : Optional.of(InstantArgument.parse("--since", since, now)),
                    until == null ? Optional.empty() : Optional.of(InstantArgument.parse("--until", until, now)));
        } catch (IllegalArgumentException e) {
            System.err.println("bulwark: " + e.getMessage());
            return AuditCommand.COULD_NOT_RUN;
        }
        Optional<Integer> missing = AuditCommand.missingStore(options);
        if (missing.isPresent()) {
            return missing.get();
        }
        return options.run(opened -> {
            List<ChainedAuditRecord> found = opened.store().auditSearch().find(query, 0, limit + 1);
            List<ChainedAuditRecord> shown = found.subList(0, Math.min(limit, found.size()));
            if ("jsonl".equals(format)) {
                shown.forEach(record -> System.out.println(AuditRecordJson.of(record)));
            } else {
                System.out.printf("%-6s %-27s %-36s %-8s %-6s %-20s %-20s %-24s %s%n", "SEQ", "AT", "REQUEST ID", "DECISION", "STATUS",
                        "CLIENT", "USER", "OPERATION", "REASON");
                for (ChainedAuditRecord record : shown) {
                    String reason = AuditRecordJson.of(record).path("reason").asText("");
                    System.out.printf("%-6d %-27s %-36s %-8s %-6d %-20s %-20s %-24s %s%n", record.seq(), record.recordedAt(),
                            record.requestId(), record.decision(), record.status(), orDash(record.clientId()), orDash(record.subject()),
                            orDash(record.operation()), reason);
                }
            }
            System.err.printf("%d audit records matched%s.%n", shown.size(),
                    found.size() > limit ? " (more match: narrow the search or raise --limit)" : "");
            Map<String, String> objects = new LinkedHashMap<>();
            query.requestId().ifPresent(v -> objects.put("request_id", v));
            query.clientId().ifPresent(v -> objects.put("client_id", v));
            query.subject().ifPresent(v -> objects.put("sub", v));
            query.status().ifPresent(v -> objects.put("status", Integer.toString(v)));
            query.since().ifPresent(v -> objects.put("since", v.toString()));
            query.until().ifPresent(v -> objects.put("until", v.toString()));
            objects.put("records", Integer.toString(shown.size()));
            OperatorAudit.record(opened, "audit.search", objects, "searched", true);
            return 0;
        }, AuditCommand.COULD_NOT_RUN);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
