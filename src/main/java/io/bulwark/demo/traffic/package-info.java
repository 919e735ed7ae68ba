/**
 * Demo traffic with labelled attacks (docs/ANOMALY.md): a seeded population of partner clients and users with
 * daily cycles, operation mixes and payments ({@link io.bulwark.demo.traffic.Population}), the attacks injected into it
 * ({@link io.bulwark.demo.traffic.AttackKind}), written as labelled JSON Lines for {@code bulwark anomaly learn|score}
 * ({@link io.bulwark.demo.traffic.TrafficJsonLines}) or sent for real to a running demo
 * ({@link io.bulwark.demo.traffic.LiveTrafficDriver}).
 */
package io.bulwark.demo.traffic;
