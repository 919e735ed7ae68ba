package io.bulwark.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a security officer should see: a refused request, an undeclared route probed, a
 * replayed assertion. {@code details} hold identifiers and reasons only, never credentials; whatever
 * request data they carry (a path, a query, a header value) is cleaned by {@link AuditRedaction} here,
 * as an audit event's is, so no caller and no sink can forget it (PCI DSS 3.4: no full PAN in logs).
 */
public record SecurityEvent(Instant at, String type, String requestId, String remoteAddress, Map<String, String> details) {

    private static final int MAX_DETAIL = 512;

    public SecurityEvent {
        Map<String, String> cleaned = new LinkedHashMap<>();
        details.forEach((name, value) -> cleaned.put(AuditRedaction.clean(name, 64), AuditRedaction.clean(value, MAX_DETAIL)));
        details = java.util.Collections.unmodifiableMap(cleaned);
    }
}
