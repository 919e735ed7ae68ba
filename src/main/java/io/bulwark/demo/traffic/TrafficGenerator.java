package io.bulwark.demo.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generates a scenario's traffic: the same scenario and seed give the same requests, byte for byte. */
public final class TrafficGenerator {

    private TrafficGenerator() {
    }

    public static GeneratedTraffic generate(TrafficScenario scenario) {
        List<PlannedRequest> all = new ArrayList<>(NormalTraffic.generate(scenario));
        List<AttackTraffic.Draft> drafts = AttackTraffic.generate(scenario);
        drafts.forEach(draft -> all.addAll(draft.requests()));
        // Time order; ties (never between one session's requests) broken by what the request is, so the order is total.
        all.sort(Comparator.comparing(PlannedRequest::time).thenComparing(PlannedRequest::clientId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(PlannedRequest::url).thenComparing(r -> String.valueOf(r.attackId())));
        List<PlannedRequest> numbered = new ArrayList<>(all.size());
        Map<String, List<PlannedRequest>> byAttack = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            PlannedRequest request = all.get(i).withId(String.format("r-%07d", i + 1));
            numbered.add(request);
            if (request.isAttack()) {
                byAttack.computeIfAbsent(request.attackId(), id -> new ArrayList<>()).add(request);
            }
        }
        List<Attack> attacks = new ArrayList<>();
        for (AttackTraffic.Draft draft : drafts) {
            List<PlannedRequest> requests = byAttack.getOrDefault(draft.id(), List.of());
            if (requests.isEmpty()) {
                continue;
            }
            Instant start = requests.getFirst().time();
            Instant end = requests.getLast().time();
            attacks.add(new Attack(draft.id(), draft.kind(), draft.clientId(), draft.subject(), draft.sources(), draft.targets(), start,
                    end, requests.stream().map(PlannedRequest::id).toList()));
        }
        attacks.sort(Comparator.comparing(Attack::start));
        return new GeneratedTraffic(scenario, numbered, attacks);
    }
}
