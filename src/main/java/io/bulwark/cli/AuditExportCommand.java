package io.bulwark.cli;

import io.bulwark.audit.AuditQuery;
import io.bulwark.audit.ChainedAuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code bulwark audit export}: the audit records of a period as JSON Lines, one object per record, for a SIEM. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the audit records from --since (until --until) as JSON Lines, one object per record in chain order, to "
                + "stdout or --output FILE. Records carry no token, secret or full card number (redacted when written). "
                + "Exit status 0: written; 2: could not run.")
final class AuditExportCommand implements Callable<Integer> {

    private static final int PAGE = 1_000;

    @Mixin
    StoreOptions options;

    @Option(names = "--since", required = true, paramLabel = "WHEN",
            description = "The first instant: ISO-8601 (2026-03-01T10:00:00Z) or how long ago (24h, 7d, PT1H).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "The instant to stop before (default now), in the same forms.")
    String until;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl (the only format).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (replaced whole, once complete) instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        if (!"jsonl".equals(format)) {
            System.err.println("bulwark: --format `" + format + "` is not supported: use --format jsonl (one JSON object per line)");
            return AuditCommand.COULD_NOT_RUN;
        }
        Instant now = Instant.now();
        Instant from;
        Optional<Instant> to;
        try {
            from = InstantArgument.parse("--since", since, now);
            to = until == null ? Optional.empty() : Optional.of(InstantArgument.parse("--until", until, now));
        } catch (IllegalArgumentException e) {
            System.err.println("bulwark: " + e.getMessage());
            return AuditCommand.COULD_NOT_RUN;
        }
        if (to.isPresent() && !to.get().isAfter(from)) {
            System.err.println("bulwark: --until " + to.get() + " is not after --since " + from + ": give an --until later than --since");
            return AuditCommand.COULD_NOT_RUN;
        }
        Optional<Integer> missing = AuditCommand.missingStore(options);
        if (missing.isPresent()) {
            return missing.get();
        }
        return options.run(opened -> {
            AuditQuery query = AuditQuery.between(from, to);
            long written;
            try {
                written = output == null ? write(opened, query, new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false)
                        : writeFile(opened, query);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("bulwark: could not write the export: " + e.getMessage() + "; check that the folder of --output exists "
                        + "and can be written");
                return AuditCommand.COULD_NOT_RUN;
            }
            System.err.printf("Exported %d audit records from %s%s.%n", written, from, to.map(t -> " until " + t).orElse(""));
            Map<String, String> objects = new LinkedHashMap<>();
            objects.put("since", from.toString());
            to.ifPresent(t -> objects.put("until", t.toString()));
            objects.put("records", Long.toString(written));
            OperatorAudit.record(opened, "audit.export", objects, "exported", true);
            return 0;
        }, AuditCommand.COULD_NOT_RUN);
    }

    private long writeFile(StoreOptions.Opened opened, AuditQuery query) throws IOException {
        Path target = output.toAbsolutePath();
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            long written;
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                written = write(opened, query, writer, true);
            }
            // Whole or not at all: a reader never meets half an export.
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long write(StoreOptions.Opened opened, AuditQuery query, Writer out, boolean close) throws IOException {
        BufferedWriter writer = new BufferedWriter(out);
        long written = 0;
        long after = 0;
        while (true) {
            List<ChainedAuditRecord> page = opened.store().auditSearch().find(query, after, PAGE);
            for (ChainedAuditRecord record : page) {
                writer.write(AuditRecordJson.of(record).toString());
                writer.write('\n');
                written++;
                after = record.seq();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        writer.flush();
        if (close) {
            writer.close();
        }
        return written;
    }
}
