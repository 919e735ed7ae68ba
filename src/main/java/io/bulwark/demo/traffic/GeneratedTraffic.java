package io.bulwark.demo.traffic;

import java.util.List;

/** A scenario's traffic: every request in time order, numbered, and the attacks with their labels. */
public record GeneratedTraffic(TrafficScenario scenario, List<PlannedRequest> requests, List<Attack> attacks) {

    public GeneratedTraffic {
        requests = List.copyOf(requests);
        attacks = List.copyOf(attacks);
    }
}
