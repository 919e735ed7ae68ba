package io.bulwark.demo.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a live run did: every request as sent, and the attacks relabelled with real times (first and last request sent)
 * and the loopback addresses they came from. An attack none of whose requests went out is left out.
 */
public record LiveRun(List<SentRequest> requests, List<Attack> attacks) {

    public LiveRun {
        requests = List.copyOf(requests);
        attacks = List.copyOf(attacks);
    }

    /** The run of {@code sent} (in any order) for the planned {@code attacks}. */
    static LiveRun of(List<SentRequest> sent, List<Attack> planned) {
        List<SentRequest> ordered = new ArrayList<>(sent);
        ordered.sort(Comparator.comparing(SentRequest::sentAt));
        Map<String, List<SentRequest>> byAttack = new LinkedHashMap<>();
        for (SentRequest request : ordered) {
            if (request.sent() && request.request().isAttack()) {
                byAttack.computeIfAbsent(request.request().attackId(), id -> new ArrayList<>()).add(request);
            }
        }
        List<Attack> attacks = new ArrayList<>();
        for (Attack attack : planned) {
            List<SentRequest> own = byAttack.get(attack.id());
            if (own == null) {
                continue;
            }
            List<String> sources = own.stream().map(r -> r.request().source()).distinct().toList();
            List<String> ids = own.stream().map(r -> r.requestId() != null ? r.requestId() : r.request().id()).toList();
            attacks.add(new Attack(attack.id(), attack.kind(), attack.clientId(), attack.subject(), sources, attack.targets(),
                    own.getFirst().sentAt(), own.getLast().sentAt(), ids));
        }
        return new LiveRun(ordered, attacks);
    }

    /** Counts of statuses, by status (0: not sent). */
    public Map<Integer, Long> statusCounts() {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        requests.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }
}
