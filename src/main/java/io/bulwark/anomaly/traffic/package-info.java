/**
 * Offline traffic files for {@code bulwark anomaly learn|score} (docs/ANOMALY.md, "Traffic files"): JSON Lines and HAR
 * 1.2 read one record at a time into {@link io.bulwark.anomaly.TrafficRecord}, bad records named by file and line, and
 * {@link io.bulwark.anomaly.traffic.PathFolding}, which turns a concrete path into its operation.
 */
package io.bulwark.anomaly.traffic;
