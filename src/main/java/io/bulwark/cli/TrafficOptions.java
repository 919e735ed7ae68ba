package io.bulwark.cli;

import io.bulwark.demo.traffic.TrafficSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of {@code bulwark demo --traffic} (docs/ANOMALY.md), a mixin of {@link DemoCommand}. */
final class TrafficOptions {

    @Option(names = "--traffic", description = "Drive the demo with partner clients and users behaving normally, with labelled attacks "
            + "(a line is printed per attack); with --traffic-out, write the labelled traffic to a file instead, without a node.")
    boolean enabled;

    @Option(names = "--traffic-out", paramLabel = "FILE", description = "Write labelled JSON Lines traffic (and FILE's .attacks.jsonl "
            + "labels beside it) and exit; starts no node.")
    Path out;

    @Option(names = "--simulated-days", defaultValue = "7", paramLabel = "D",
            description = "Simulated days: of the file, or of each live round (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--traffic-seed", defaultValue = "1", description = "Seed: the same seed gives the same traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--traffic-clients", defaultValue = "20", paramLabel = "N", description = "Partner clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--traffic-users", defaultValue = "200", paramLabel = "M",
            description = "Users in a file (default: ${DEFAULT-VALUE}); a live run uses the demo's own users.")
    int users;

    @Option(names = "--traffic-speed", defaultValue = "720", paramLabel = "X",
            description = "Live: simulated time runs X times faster than real time (default: ${DEFAULT-VALUE}: a day in 2 minutes).")
    double speed;

    @Option(names = "--traffic-rate", defaultValue = "10", paramLabel = "R",
            description = "Live: at most R requests a second (default: ${DEFAULT-VALUE}; under --requests-per-ip).")
    double rate;

    TrafficSettings settings() {
        return new TrafficSettings(seed, clients, users, days, speed, rate);
    }
}
