package io.bulwark.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running node's check of its audit chain: the tail (and the anchored record) on start and on a
 * schedule. A broken chain is a security event ({@code audit_chain_broken}); the node keeps serving, since
 * refusing every request would not repair the trail and would hide the attack behind an outage.
 */
public final class AuditChainWatch {

    /** How many of the newest records each check walks; the whole chain is `bulwark audit verify`'s job. */
    public static final long TAIL = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainWatch.class);

    private final AuditChainVerifier verifier;
    private final AuditRecords records;
    private final SecurityEventSink events;
    private final InstantSource clock;

    public AuditChainWatch(AuditChainVerifier verifier, AuditRecords records, SecurityEventSink events, InstantSource clock) {
        this.verifier = verifier;
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    /** Verifies the tail once; reports a break or a store that cannot be read as a security event. */
    public void check() {
        AuditChainVerifier.Result result;
        try {
            result = verifier.verifyTail(records, TAIL);
        } catch (RuntimeException e) {
            LOG.warn("the audit chain could not be verified: {}", e.toString());
            events.record(new SecurityEvent(clock.instant(), "audit_chain_unverifiable", RequestIds.next(), null,
                    Map.of("cause", e.getClass().getSimpleName())));
            return;
        }
        if (result.intact()) {
            LOG.info("audit chain tail intact: {} records verified{}", result.verified(),
                    result.anchoredAt() > 0 ? ", anchored at record " + result.anchoredAt() : ", no tail anchor yet");
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("broken_at", Long.toString(result.brokenAt()));
        details.put("problem", result.problem());
        details.put("verified", Long.toString(result.verified()));
        details.put("fix", "run `bulwark audit verify` for the whole chain, and investigate who changed the audit store");
        events.record(new SecurityEvent(clock.instant(), "audit_chain_broken", RequestIds.next(), null, details));
    }
}
