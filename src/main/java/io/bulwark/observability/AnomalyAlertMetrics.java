package io.bulwark.observability;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.AnomalyAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Map;

/**
 * Counts anomaly alerts by detector, kind and severity ({@code bulwark_anomaly_alerts_total}). The kind is the detectors'
 * fixed vocabulary, capped all the same; whose behaviour it was never becomes a label.
 */
public final class AnomalyAlertMetrics implements AlertSink {

    private final MeterRegistry registry;
    private final LabelValues kinds = new LabelValues(50);

    /**
     * @param knownKinds the kinds each detector can raise: their series are registered at zero now, so that a dashboard and
     *                   {@code increase()} see a counter before its first alert (Prometheus' advice on counters with labels)
     */
    public AnomalyAlertMetrics(MeterRegistry registry, Map<AnomalyAlert.Detector, Set<String>> knownKinds) {
        this.registry = registry;
        knownKinds.forEach((detector, kinds) -> kinds.forEach(kind -> {
            for (AnomalyAlert.Severity severity : AnomalyAlert.Severity.values()) {
                counter(detector, kind, severity);
            }
        }));
    }

    @Override
    public void onAlert(AnomalyAlert alert) {
        counter(alert.detector(), alert.kind(), alert.severity()).increment();
    }

    private Counter counter(AnomalyAlert.Detector detector, String kind, AnomalyAlert.Severity severity) {
        return Counter.builder("bulwark.anomaly.alerts").description("Anomaly alerts raised, by detector, kind and severity")
                .tags("detector", detector.name().toLowerCase(Locale.ROOT), "kind", kinds.of(Optional.of(kind)),
                        "severity", severity.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
