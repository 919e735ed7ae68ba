package io.bulwark.audit;

import java.time.Instant;
import java.util.Map;

/**
 * Something a security officer should see: a refused request, an undeclared route probed, a
 * replayed assertion. {@code details} hold identifiers and reasons only, never credentials.
 */
public record SecurityEvent(Instant at, String type, String requestId, String remoteAddress, Map<String, String> details) {

    public SecurityEvent {
        details = Map.copyOf(details);
    }
}
