package io.bulwark.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Walks the audit chain from its first record and reports the first record that was edited,
 * removed or moved: a gap in the sequence, a link to a different previous hash, a hash that does
 * not match the content, query columns that disagree with the hashed content, or a chain that ends
 * before the head the store recorded.
 */
public final class AuditChainVerifier {

    private static final int PAGE = 1_000;

    /**
     * The outcome of a verification.
     *
     * @param verified how many records were found intact before the first break (all of them when intact)
     * @param brokenAt the sequence number where the chain breaks, or 0 when intact
     * @param problem  what is wrong there, or null when intact
     */
    public record Result(long verified, long brokenAt, String problem) {

        public boolean intact() {
            return problem == null;
        }
    }

    private AuditChainVerifier() {
    }

    public static Result verify(AuditRecords records) {
        String previous = AuditChain.GENESIS;
        long expected = 1;
        while (true) {
            List<ChainedAuditRecord> page = records.after(expected - 1, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ChainedAuditRecord record : page) {
                String problem = check(record, expected, previous);
                if (problem != null) {
                    return new Result(expected - 1, record.seq() == expected ? record.seq() : expected, problem);
                }
                previous = record.hash();
                expected++;
            }
        }
        AuditChain.Head head = records.head();
        if (head.seq() != expected - 1 || !head.hash().equals(previous)) {
            return new Result(expected - 1, expected,
                    "the chain ends at record " + (expected - 1) + " but its head names record " + head.seq() + ": records were removed from the end");
        }
        return new Result(expected - 1, 0, null);
    }

    private static String check(ChainedAuditRecord record, long expected, String previous) {
        if (record.seq() != expected) {
            return "record " + expected + " is missing: records were removed";
        }
        if (!record.previousHash().equals(previous)) {
            return "record " + expected + " does not link to the record before it: records were removed or replaced";
        }
        if (!AuditChain.link(previous, record.eventJson()).equals(record.hash())) {
            return "record " + expected + " does not match its hash: its content was edited";
        }
        return columnsAgree(record) ? null : "record " + expected + " has columns that differ from its hashed content: they were edited";
    }

    private static boolean columnsAgree(ChainedAuditRecord record) {
        try {
            JsonNode json = AuditChain.parse(record.eventJson());
            return json.path("seq").asLong() == record.seq()
                    && Instant.parse(json.path("at").asText()).equals(record.recordedAt())
                    && json.path("request_id").asText().equals(record.requestId())
                    && json.path("decision").asText().equals(record.decision())
                    && json.path("status").asInt() == record.status()
                    && Objects.equals(text(json, "client_id"), record.clientId())
                    && Objects.equals(text(json, "sub"), record.subject())
                    && Objects.equals(text(json, "operation"), record.operation());
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }

    private static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null ? null : value.asText();
    }
}
