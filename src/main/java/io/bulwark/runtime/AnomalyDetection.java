package io.bulwark.runtime;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.behaviour.BehaviourDetector;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.AnomalyConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.observability.AnomalyAlertMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The node's anomaly detection (docs/ANOMALY.md): the behaviour detector on the node's store, fed as a decision listener,
 * its alerts sent to the {@link AlertSink}s: each as an {@code anomaly_detected} security event (log, audit trail, stream,
 * webhooks) and counted in {@code bulwark_anomaly_alerts_total}; the automatic responses join that list.
 */
final class AnomalyDetection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyDetection.class);

    private final Optional<BehaviourDetector> behaviour;

    private AnomalyDetection(Optional<BehaviourDetector> behaviour) {
        this.behaviour = behaviour;
    }

    /** Starts the detectors {@code config} enables, on {@code store}, alerting {@code sinks}. */
    static AnomalyDetection start(AnomalyConfig config, JdbcStore store, List<AlertSink> sinks, InstantSource clock) {
        if (!config.enabled()) {
            LOG.info("anomaly detection: the behaviour detector is off (anomaly.enabled: false)");
            return new AnomalyDetection(Optional.empty());
        }
        // Unique per process: two nodes on one host hold their leases apart.
        String node = NodeName.local() + "/" + UUID.randomUUID();
        BehaviourDetector detector = new BehaviourDetector(config, store.behaviourModels(), store.behaviourWindows(), store.behaviourLeases(),
                sinks, clock, node).start();
        LOG.info("anomaly detection: behaviour detector on ({} windows, shingle {}, own forest after {} windows, at most {} identities in memory)",
                io.bulwark.config.Durations.show(config.window()), config.shingleSize(), config.warmUpWindows(), config.maxIdentities());
        return new AnomalyDetection(Optional.of(detector));
    }

    /** Where the node's alerts go: its security events (through {@code events}) and the alert counter. */
    static List<AlertSink> sinks(SecurityEventSink events, MeterRegistry registry) {
        return List.of(alert -> events.record(alert.toSecurityEvent(null)), new AnomalyAlertMetrics(registry,
                java.util.Map.of(io.bulwark.anomaly.AnomalyAlert.Detector.BEHAVIOUR, io.bulwark.anomaly.behaviour.Feature.kinds())));
    }

    /** {@code extensions} with the detectors' decision listener, if any runs. */
    Extensions attachTo(Extensions extensions) {
        return behaviour.map(extensions::withDecisionListener).orElse(extensions);
    }

    /** The behaviour detector, when it runs. */
    Optional<BehaviourDetector> behaviour() {
        return behaviour;
    }

    @Override
    public void close() {
        behaviour.ifPresent(BehaviourDetector::close);
    }
}
