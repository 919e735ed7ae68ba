package io.bulwark.observability;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.AnomalyAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.Optional;

/**
 * Counts anomaly alerts by detector, kind and severity ({@code bulwark_anomaly_alerts_total}). The kind is the detectors'
 * fixed vocabulary, capped all the same; whose behaviour it was never becomes a label.
 */
public final class AnomalyAlertMetrics implements AlertSink {

    private final MeterRegistry registry;
    private final LabelValues kinds = new LabelValues(50);

    public AnomalyAlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onAlert(AnomalyAlert alert) {
        Counter.builder("bulwark.anomaly.alerts").description("Anomaly alerts raised, by detector, kind and severity")
                .tags("detector", alert.detector().name().toLowerCase(Locale.ROOT), "kind", kinds.of(Optional.of(alert.kind())),
                        "severity", alert.severity().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
