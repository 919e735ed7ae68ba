package io.bulwark.anomaly;

/** Port where detectors hand their alerts: the node's responses, a score file, a test's list. */
@FunctionalInterface
public interface AlertSink {

    /** Takes one alert; called off the request path, may be slow. */
    void onAlert(AnomalyAlert alert);
}
