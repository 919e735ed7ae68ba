package io.bulwark.audit;

import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes security events to the {@code bulwark.security} logger as structured (JSON-ready) fields. */
public final class LoggingSecurityEventSink implements SecurityEventSink {

    private static final Logger LOG = LoggerFactory.getLogger("bulwark.security");

    @Override
    public void record(SecurityEvent event) {
        LOG.warn("security event {} {}", StructuredArguments.kv("event", event.type()),
                StructuredArguments.entries(java.util.Map.of(
                        "request_id", event.requestId(),
                        "remote_address", String.valueOf(event.remoteAddress()),
                        "details", event.details())));
    }
}
