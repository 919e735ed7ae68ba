package io.bulwark.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.digest.ConstantTime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks the audit chain and reports the first record that was edited, removed, inserted or moved: a gap
 * in the sequence, a link to a different previous hash, a hash that is not the keyed MAC of the content
 * (recomputing plain SHA-256, or a MAC under another key, does not pass), an unkeyed record after a keyed
 * one, query columns that disagree with the hashed content, or a chain that ends before its head row or
 * its {@link AuditTailAnchor} says it does.
 */
public final class AuditChainVerifier {

    private static final int PAGE = 1_000;

    private final AuditChain chain;
    private final AuditTailAnchor anchor;

    /**
     * The outcome of a verification.
     *
     * @param verified   how many records were found intact before the first break (all of them when intact)
     * @param brokenAt   the sequence number where the chain breaks, or 0 when intact
     * @param problem    what is wrong there, or null when intact
     * @param legacy     how many of the verified records carry the unkeyed SHA-256 of before V11
     * @param anchoredAt the record the tail anchor names, or 0 when there is no anchor yet
     */
    public record Result(long verified, long brokenAt, String problem, long legacy, long anchoredAt) {

        public boolean intact() {
            return problem == null;
        }
    }

    public AuditChainVerifier(AuditChain chain, AuditTailAnchor anchor) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
    }

    /** Verifies the whole chain, from its first record. */
    public Result verify(AuditRecords records) {
        return verifyFrom(records, 1, Long.MAX_VALUE, true);
    }

    /**
     * Verifies records {@code from} to {@code to} only: record {@code from - 1}'s hash is taken as found, and the end
     * of the chain (head row, tail anchor, insertions beyond) is checked only when the range reaches it. The anchored
     * record is checked when it lies in the range.
     */
    public Result verifyRange(AuditRecords records, long from, long to) {
        return verifyFrom(records, Math.max(1, from), to, false);
    }

    /**
     * Verifies the newest {@code count} records and everything from the anchored record on: the check a
     * running node affords on start and on a schedule. The record before the first checked one is taken as
     * found; edits further back are found by {@link #verify}.
     */
    public Result verifyTail(AuditRecords records, long count) {
        return verifyFrom(records, Math.max(1, records.head().seq() - count + 1), Long.MAX_VALUE, true);
    }

    private Result verifyFrom(AuditRecords records, long requestedFrom, long to, boolean fromAnchor) {
        Optional<AuditChain.Head> anchored;
        try {
            anchored = anchor.read();
        } catch (AuditTailAnchor.InvalidAnchorException e) {
            return new Result(0, 0, e.getMessage() + "; if the store was replaced on purpose, move the anchor file away", 0, 0);
        }
        long anchoredAt = anchored.map(AuditChain.Head::seq).orElse(0L);
        // The head first: records up to it were committed with it, so appends while the walk runs are not mistaken for insertions.
        AuditChain.Head head = records.head();
        long from = anchoredAt > 0 && fromAnchor ? Math.min(requestedFrom, anchoredAt) : requestedFrom;
        long last = Math.min(head.seq(), to);
        String previous = AuditChain.GENESIS;
        boolean keyedSeen = false;
        long expected = from;
        if (from > 1) {
            List<ChainedAuditRecord> before = records.after(from - 2, 1);
            if (!before.isEmpty() && before.getFirst().seq() == from - 1) {
                previous = before.getFirst().hash();
                keyedSeen = AuditChain.HMAC_SHA256.equals(before.getFirst().algorithm());
            } else {
                expected = from - 1;
            }
        }
        long first = expected;
        long legacy = 0;
        boolean newestKeyed = keyedSeen;
        walk:
        while (expected <= last) {
            List<ChainedAuditRecord> page = records.after(expected - 1, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ChainedAuditRecord record : page) {
                if (expected > last && to < head.seq()) {
                    break walk;
                }
                if (record.seq() > head.seq() && record.seq() == expected) {
                    break walk;
                }
                String problem = check(record, expected, previous, keyedSeen);
                if (problem == null && anchored.isPresent() && record.seq() == anchoredAt && !record.hash().equals(anchored.get().hash())) {
                    problem = "record " + expected + " is not the record the tail anchor " + anchor.file() + " names: the newest records "
                            + "were removed and replaced";
                }
                if (problem != null) {
                    return new Result(expected - first, expected, problem, legacy, anchoredAt);
                }
                keyedSeen |= AuditChain.HMAC_SHA256.equals(record.algorithm());
                newestKeyed = AuditChain.HMAC_SHA256.equals(record.algorithm());
                legacy += AuditChain.LEGACY_SHA256.equals(record.algorithm()) ? 1 : 0;
                previous = record.hash();
                expected++;
            }
        }
        long verified = expected - first;
        if (to < head.seq()) {
            // A range short of the end: whether it is complete (no record of it missing) is all that can be said.
            return expected - 1 < to ? new Result(verified, expected, "record " + expected + " is missing: records were removed",
                    legacy, anchoredAt) : new Result(verified, 0, null, legacy, anchoredAt);
        }
        last = expected - 1;
        if (anchoredAt > last) {
            return new Result(verified, expected, "the chain ends at record " + last + " but the tail anchor " + anchor.file()
                    + " names record " + anchoredAt + ": records were removed from the end", legacy, anchoredAt);
        }
        if (head.seq() != last || !head.hash().equals(previous)) {
            return new Result(verified, expected,
                    "the chain ends at record " + last + " but its head names record " + head.seq() + ": records were removed from the end",
                    legacy, anchoredAt);
        }
        if (last > 0 && last >= first && !newestKeyed) {
            // A node seals the records of before V11 at its first start (LegacyChainSeal), and writes only keyed ones after:
            // a chain whose newest record is unkeyed was rewritten without the key, its keyed records dropped.
            return new Result(verified, last, "the newest record, " + last + ", is not keyed: an unkeyed chain cannot be vouched for"
                    + " (a node seals older records with a keyed one at its first start); it was rewritten without the key", legacy, anchoredAt);
        }
        List<ChainedAuditRecord> beyond = records.after(last, 1);
        if (!beyond.isEmpty() && beyond.getFirst().seq() > records.head().seq()) {
            return new Result(verified, beyond.getFirst().seq(), "record " + beyond.getFirst().seq()
                    + " lies beyond the chain's head: it was inserted", legacy, anchoredAt);
        }
        return new Result(verified, 0, null, legacy, anchoredAt);
    }

    private String check(ChainedAuditRecord record, long expected, String previous, boolean keyedSeen) {
        if (record.seq() != expected) {
            return "record " + expected + " is missing: records were removed";
        }
        if (!record.previousHash().equals(previous)) {
            return "record " + expected + " does not link to the record before it: records were removed, inserted or replaced";
        }
        if (keyedSeen && !AuditChain.HMAC_SHA256.equals(record.algorithm())) {
            return "record " + expected + " claims the unkeyed " + record.algorithm() + " after keyed records: it was rewritten";
        }
        String hash = chain.expectedHash(record.algorithm(), previous, record.eventJson());
        if (hash == null) {
            return "record " + expected + " names an unknown chain algorithm " + record.algorithm() + ": it was edited";
        }
        if (!ConstantTime.equal(hash, record.hash())) {
            return AuditChain.HMAC_SHA256.equals(record.algorithm())
                    ? "record " + expected + " does not match its MAC: its content was edited, or it was hashed again without the key"
                    : "record " + expected + " does not match its hash: its content was edited";
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
