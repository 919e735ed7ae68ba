package io.bulwark.events;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.RequestIds;
import io.bulwark.audit.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An anomaly alert is a security event the audit trail can keep, whether or not a request raised it. */
class AnomalyAlertRecordTest {

    private static AnomalyAlert alert(String requestId) {
        return new AnomalyAlert(Instant.parse("2026-03-01T10:00:00Z"), AnomalyAlert.Detector.BEHAVIOUR, "behaviour.errors",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.CLIENT, "partner"), AnomalyAlert.Severity.HIGH, 7.5,
                List.of("answers 401/403/404/429: 140 in a minute where at most 3 were usual"), requestId);
    }

    @Test
    void aBehaviourAlertNamesNoRequestYetItsEventHasAnIdAndBecomesAnAuditRecord() {
        SecurityEvent event = alert(null).toSecurityEvent(null);
        assertThat(event.requestId()).isNotBlank();
        assertThat(RequestIds.timeOf(event.requestId())).isPresent();
        AuditEvent record = SecurityEventRecords.auditEvent(event);
        assertThat(record.requestId()).isEqualTo(event.requestId());
        assertThat(event.details()).containsEntry("kind", "behaviour.errors").containsEntry("subject", "partner")
                .containsEntry("severity", "high");
    }

    @Test
    void anAlertRaisedByARequestKeepsThatRequestsId() {
        String id = RequestIds.next();
        assertThat(alert(id).toSecurityEvent("203.0.113.7").requestId()).isEqualTo(id);
    }
}
