package io.bulwark.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context: the {@code traceparent} the gateway sends upstream. A valid incoming
 * traceparent keeps its trace id (the gateway becomes the parent of the upstream's span); anything
 * else starts a new trace, so a malformed header never reaches the upstream.
 */
public final class TraceContext {

    // W3C Trace Context §3.2: version-format = trace-id "-" parent-id "-" trace-flags, lower-case hex.
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceContext() {
    }

    /** The traceparent for the upstream call, continuing {@code incoming} when it is valid. */
    public static String forUpstream(String incoming) {
        String traceId = null;
        String flags = "01";
        if (incoming != null) {
            var match = TRACEPARENT.matcher(incoming.trim());
            // §3.2.2.3/§3.2.2.4: all-zero trace-id or parent-id is invalid.
            if (match.matches() && !match.group(1).equals(ZERO_TRACE) && !match.group(2).equals(ZERO_SPAN)) {
                traceId = match.group(1);
                flags = match.group(3);
            }
        }
        if (traceId == null) {
            traceId = randomHex(16);
        }
        return "00-" + traceId + "-" + randomHex(8) + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
