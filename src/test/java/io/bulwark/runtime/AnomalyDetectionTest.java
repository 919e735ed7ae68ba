package io.bulwark.runtime;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.audit.SecurityEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's alert sinks: each alert becomes an anomaly_detected security event and is counted by detector, kind and severity. */
class AnomalyDetectionTest {

    @Test
    void anAlertIsASecurityEventAndACountedMetric() {
        List<SecurityEvent> events = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<AlertSink> sinks = AnomalyDetection.sinks(events::add, registry);
        AnomalyAlert alert = new AnomalyAlert(Instant.parse("2026-03-02T10:30:00Z"), AnomalyAlert.Detector.BEHAVIOUR, "behaviour.objects",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.USER, "alice"), AnomalyAlert.Severity.HIGH, 4.3,
                List.of("objects: 122 distinct accountId values in 1m where at most 2 were usual for this identity"), null);
        sinks.forEach(sink -> sink.onAlert(alert));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("anomaly_detected");
            assertThat(event.details()).containsEntry("kind", "behaviour.objects").containsEntry("subject", "alice")
                    .containsEntry("severity", "high");
        });
        assertThat(registry.get("bulwark.anomaly.alerts").tags("detector", "behaviour", "kind", "behaviour.objects", "severity", "high")
                .counter().count()).isEqualTo(1.0);
    }
}
