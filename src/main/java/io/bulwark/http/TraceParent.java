package io.bulwark.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} header read or made: its trace id names a request in logs and traces, and
 * travels upstream. Only a well-formed header is read; anything else starts a new trace.
 *
 * @param traceId 32 lower-case hex digits, never all zero
 * @param flags   the trace-flags, 2 hex digits
 */
public record TraceParent(String traceId, String flags) {

    /** The header's name. */
    public static final String HEADER = "traceparent";

    // W3C Trace Context §3.2: version-format = trace-id "-" parent-id "-" trace-flags, lower-case hex.
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** The trace {@code incoming} continues when it is valid, else a new sampled one. */
    public static TraceParent continuing(String incoming) {
        return valid(incoming).orElseGet(() -> new TraceParent(randomHex(16), "01"));
    }

    /** {@code incoming}'s trace, when it is a valid traceparent. */
    public static Optional<TraceParent> valid(String incoming) {
        if (incoming == null) {
            return Optional.empty();
        }
        Matcher match = TRACEPARENT.matcher(incoming.trim());
        // §3.2.2.3/§3.2.2.4: all-zero trace-id or parent-id is invalid.
        if (match.matches() && !match.group(1).equals(ZERO_TRACE) && !match.group(2).equals(ZERO_SPAN)) {
            return Optional.of(new TraceParent(match.group(1), match.group(3)));
        }
        return Optional.empty();
    }

    /** The header for a new span of this trace, the sender's own (a fresh parent-id). */
    public String withNewParent() {
        return "00-" + traceId + "-" + randomHex(8) + "-" + flags;
    }

    // Ids, not secrets (§3.2.2.3 asks for randomness, not unpredictability): a per-thread generator, as the OpenTelemetry
    // SDK's RandomIdGenerator, costs no lock on a path every request takes.
    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
