package io.bulwark.demo.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One injected attack and its label: what kind, who carries it out (the client, the user whose token is used, the
 * addresses it comes from, the usernames it tries), and its first and last request.
 *
 * @param id         {@code attack-<n>}, in the order the attacks start
 * @param clientId   the client whose credentials or tokens it uses, or null (sign-in attacks need none)
 * @param subject    the user whose token it uses, or null
 * @param sources    the addresses it comes from
 * @param targets    the usernames a sign-in attack tries; empty for the others
 * @param requestIds the ids of its requests, in order
 */
public record Attack(String id, AttackKind kind, String clientId, String subject, List<String> sources, List<String> targets,
                     Instant start, Instant end, List<String> requestIds) {

    public Attack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        requestIds = List.copyOf(requestIds);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException(id + " ends before it starts");
        }
    }

    /** The actor as one line: {@code client=partner-03 sub=user-0042 from 198.51.100.7}. */
    public String actor() {
        StringBuilder line = new StringBuilder();
        if (clientId != null) {
            line.append("client=").append(clientId);
        }
        if (subject != null) {
            line.append(line.isEmpty() ? "" : " ").append("sub=").append(subject);
        }
        if (!targets.isEmpty()) {
            line.append(line.isEmpty() ? "" : " ").append(targets.size()).append(" usernames");
        }
        if (!sources.isEmpty()) {
            line.append(line.isEmpty() ? "" : " ").append("from ").append(sources.getFirst());
            if (sources.size() > 1) {
                line.append(" and ").append(sources.size() - 1).append(" more");
            }
        }
        return line.toString();
    }
}
