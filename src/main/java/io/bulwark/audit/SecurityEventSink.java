package io.bulwark.audit;

/** Port: where security events go. */
@FunctionalInterface
public interface SecurityEventSink {

    void record(SecurityEvent event);
}
