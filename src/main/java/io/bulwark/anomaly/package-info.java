/**
 * Anomaly detection (docs/ANOMALY.md): what normal looks like per client, user and operation, learned from traffic, and
 * the alerts raised when it changes. The vocabulary every detector and response shares lives here: {@link
 * io.bulwark.anomaly.AnomalyAlert}, the {@link io.bulwark.anomaly.AlertSink} port and {@link
 * io.bulwark.anomaly.TrafficRecord}, one recorded request. Plain Java, off the request path.
 */
package io.bulwark.anomaly;
