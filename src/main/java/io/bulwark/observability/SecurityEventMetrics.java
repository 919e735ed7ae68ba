package io.bulwark.observability;

import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Optional;

/**
 * Counts the security events the node already raises, as Keycloak counts its user events: every event by type, and from
 * them users' failed sign-ins by factor and reason and lockouts by what was locked. Only the event's type and its
 * fixed-vocabulary details become labels; identities, addresses and request ids never do.
 */
public final class SecurityEventMetrics implements SecurityEventSink {

    private final MeterRegistry registry;
    private final LabelValues types = new LabelValues(100);
    private final LabelValues reasons = new LabelValues(100);
    private final LabelValues locked = new LabelValues(20);

    public SecurityEventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(SecurityEvent event) {
        Counter.builder("bulwark.security.events").description("Security events raised, by type")
                .tag("type", types.of(Optional.ofNullable(event.type()))).register(registry).increment();
        switch (event.type() == null ? "" : event.type()) {
            case "login_failed" -> userFailure("password", event);
            case "second_factor_failed" -> userFailure("second_factor", event);
            case "authentication_lockout" -> Counter.builder("bulwark.authentication.lockouts")
                    .description("Lockouts after repeated failed authentications, by what was locked (PCI DSS 8.3.4)")
                    .tag("locked", locked.of(Optional.ofNullable(event.details().get("locked")))).register(registry).increment();
            default -> {
                // Counted by type above; no family of its own.
            }
        }
    }

    private void userFailure(String factor, SecurityEvent event) {
        Counter.builder("bulwark.user.authentication.failures").description("Users' failed sign-ins, by factor and reason")
                .tags("factor", factor, "reason", reasons.of(Optional.ofNullable(event.details().get("reason"))))
                .register(registry).increment();
    }
}
