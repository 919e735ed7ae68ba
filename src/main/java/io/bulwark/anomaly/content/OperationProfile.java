package io.bulwark.anomaly.content;

import io.bulwark.audit.AuditRedaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One operation's normal requests: how often each parameter is present, the orders parameters come in (Kruegel and
 * Vigna §4.6-4.7), and a {@link FieldProfile} per field. Parameters are the path, query and body fields; headers and
 * cookies differ by client and take no part in presence and order. Bounded: {@value #MAX_FIELDS} fields and
 * {@value #MAX_ORDERS} orders.
 */
final class OperationProfile {

    static final int MAX_FIELDS = 256;
    static final int MAX_ORDERS = 64;
    /** A parameter present in at least this share of the operation's requests is expected. */
    private static final double EXPECTED_SHARE = 0.9;

    long count;
    final Map<String, Long> presence = new LinkedHashMap<>();
    /** Parameters seen in exactly one request (Good-Turing's n1 for parameter names). */
    long presenceSingletons;
    final Tally<Long> orders = new Tally<>(MAX_ORDERS);
    final Map<String, FieldProfile> fields = new LinkedHashMap<>();

    static List<String> parameters(RequestFields.Parts parts) {
        Set<String> names = new LinkedHashSet<>();
        for (RequestFields.Field field : parts.fields()) {
            if (!field.name().startsWith("header.") && !field.name().startsWith("cookie.")) {
                names.add(field.name());
            }
        }
        return new ArrayList<>(names);
    }

    void learn(List<String> parameters) {
        count++;
        for (String name : parameters) {
            Long seen = presence.get(name);
            if (seen == null) {
                if (presence.size() < MAX_FIELDS) {
                    presence.put(name, 1L);
                    presenceSingletons++;
                }
            } else {
                if (seen == 1) {
                    presenceSingletons--;
                }
                presence.put(name, seen + 1);
            }
        }
        orders.add(orderHash(parameters));
    }

    void score(String operation, List<String> parameters, Set<Feature> enabled, List<Contribution> out) {
        if (!enabled.contains(Feature.PRESENCE) && !enabled.contains(Feature.ORDER)) {
            return;
        }
        List<String> unseen = new ArrayList<>();
        for (String name : parameters) {
            if (!presence.containsKey(name)) {
                unseen.add(name);
            }
        }
        Set<String> present = new HashSet<>(parameters);
        String worstMissing = null;
        double missingSurprise = 0;
        int missing = 0;
        for (Map.Entry<String, Long> e : presence.entrySet()) {
            if (e.getValue() >= EXPECTED_SHARE * count && !present.contains(e.getKey())) {
                double surprise = -Math.log((count - e.getValue() + 1.0) / (count + 2.0));
                missing++;
                if (surprise > missingSurprise) {
                    missingSurprise = surprise;
                    worstMissing = e.getKey();
                }
            }
        }
        if (enabled.contains(Feature.PRESENCE) && !unseen.isEmpty()) {
            double surprise = -Math.log((presenceSingletons + 1.0) / (count + 2.0));
            out.add(new Contribution(operation, Feature.PRESENCE, Math.min(surprise, FieldProfile.MAX_SURPRISE),
                    "parameters never seen in this operation (" + names(unseen) + ")"));
        }
        if (enabled.contains(Feature.PRESENCE) && worstMissing != null) {
            out.add(new Contribution(operation, Feature.PRESENCE, Math.min(missingSurprise, FieldProfile.MAX_SURPRISE),
                    String.format(Locale.ROOT, "%d parameter%s always sent %s missing (%s)", missing, missing == 1 ? "" : "s",
                            missing == 1 ? "is" : "are", names(List.of(worstMissing)) + (missing > 1 ? ", ..." : ""))));
        }
        if (enabled.contains(Feature.ORDER) && unseen.isEmpty() && worstMissing == null && !orders.overflowed()
                && !orders.contains(orderHash(parameters))) {
            double surprise = orders.noveltySurprise(count);
            out.add(new Contribution(operation, Feature.ORDER, Math.min(surprise, FieldProfile.MAX_SURPRISE),
                    String.format(Locale.ROOT, "parameters in an order never seen (%d orders known)", orders.size())));
        }
    }

    private static String names(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size() && i < 4; i++) {
            out.append(i == 0 ? "" : ", ").append(AuditRedaction.clean(names.get(i), 48));
        }
        return names.size() > 4 ? out + ", ..." : out.toString();
    }

    private static long orderHash(List<String> parameters) {
        long h = 0xcbf29ce484222325L;
        for (String name : parameters) {
            h = ValueHash.fnv(h, name);
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        return h;
    }

    Snapshot snapshot() {
        Map<String, FieldProfile.Snapshot> fieldSnapshots = new LinkedHashMap<>();
        fields.forEach((name, profile) -> fieldSnapshots.put(name, profile.snapshot()));
        return new Snapshot(count, new LinkedHashMap<>(presence), Tally.hexCounts(orders), fieldSnapshots);
    }

    static OperationProfile restore(Snapshot s) {
        OperationProfile p = new OperationProfile();
        p.count = s.count();
        s.presence().entrySet().stream().limit(MAX_FIELDS).forEach(e -> {
            p.presence.put(e.getKey(), e.getValue());
            if (e.getValue() == 1) {
                p.presenceSingletons++;
            }
        });
        Tally.restoreHex(p.orders, s.orders());
        s.fields().entrySet().stream().limit(MAX_FIELDS).forEach(e -> p.fields.put(e.getKey(), FieldProfile.restore(e.getValue())));
        return p;
    }

    /** The file form of an operation (docs/ANOMALY.md, "Model file"); {@code orders} counts hashes of parameter-name lists. */
    record Snapshot(long count, Map<String, Long> presence, Map<String, Integer> orders, Map<String, FieldProfile.Snapshot> fields) {
    }
}
