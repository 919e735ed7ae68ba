package io.bulwark.audit;

import io.bulwark.logging.RequestLogContext;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes security events to the {@code bulwark.security} logger as structured (JSON-ready) fields. */
public final class LoggingSecurityEventSink implements SecurityEventSink {

    private static final Logger LOG = LoggerFactory.getLogger("bulwark.security");

    @Override
    public void record(SecurityEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        // A line written while its request is handled names it already (MDC request_id); a JSON line has each key once.
        String current = MDC.get(RequestLogContext.REQUEST_ID);
        if (current == null) {
            fields.put(RequestLogContext.REQUEST_ID, event.requestId());
        } else if (!current.equals(event.requestId())) {
            fields.put("event_request_id", event.requestId());
        }
        fields.put("remote_address", String.valueOf(event.remoteAddress()));
        fields.put("details", event.details());
        LOG.warn("security event {} {}", StructuredArguments.kv("event", event.type()), StructuredArguments.entries(fields));
    }
}
