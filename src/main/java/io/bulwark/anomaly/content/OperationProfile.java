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
    long novelFieldEvents;
    final Map<String, Long> presence = new LinkedHashMap<>();
    final Set<Long> orders = new HashSet<>();
    boolean ordersOverflow;
    long novelOrderEvents;
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
        boolean novel = false;
        for (String name : parameters) {
            Long seen = presence.get(name);
            if (seen == null) {
                novel = true;
                if (presence.size() < MAX_FIELDS) {
                    presence.put(name, 1L);
                }
            } else {
                presence.put(name, seen + 1);
            }
        }
        if (novel) {
            novelFieldEvents++;
        }
        if (!ordersOverflow) {
            long order = orderHash(parameters);
            if (!orders.contains(order)) {
                novelOrderEvents++;
                if (orders.size() >= MAX_ORDERS) {
                    ordersOverflow = true;
                    orders.clear();
                } else {
                    orders.add(order);
                }
            }
        }
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
            double surprise = -Math.log((novelFieldEvents + 1.0) / (count + 2.0));
            out.add(new Contribution(operation, Feature.PRESENCE, Math.min(surprise, FieldProfile.MAX_SURPRISE),
                    "parameters never seen in this operation (" + names(unseen) + ")"));
        }
        if (enabled.contains(Feature.PRESENCE) && worstMissing != null) {
            out.add(new Contribution(operation, Feature.PRESENCE, Math.min(missingSurprise, FieldProfile.MAX_SURPRISE),
                    String.format(Locale.ROOT, "%d parameter%s always sent %s missing (%s)", missing, missing == 1 ? "" : "s",
                            missing == 1 ? "is" : "are", names(List.of(worstMissing)) + (missing > 1 ? ", ..." : ""))));
        }
        if (enabled.contains(Feature.ORDER) && unseen.isEmpty() && worstMissing == null && !ordersOverflow
                && !orders.contains(orderHash(parameters))) {
            double surprise = -Math.log((novelOrderEvents + 1.0) / (count + 2.0));
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
        return new Snapshot(count, novelFieldEvents, new LinkedHashMap<>(presence),
                ordersOverflow ? null : orders.stream().sorted().map(Long::toHexString).toList(), novelOrderEvents, fieldSnapshots);
    }

    static OperationProfile restore(Snapshot s) {
        OperationProfile p = new OperationProfile();
        p.count = s.count();
        p.novelFieldEvents = s.novelFieldEvents();
        s.presence().entrySet().stream().limit(MAX_FIELDS).forEach(e -> p.presence.put(e.getKey(), e.getValue()));
        if (s.orders() == null) {
            p.ordersOverflow = true;
        } else {
            s.orders().stream().limit(MAX_ORDERS).forEach(o -> p.orders.add(Long.parseUnsignedLong(o, 16)));
        }
        p.novelOrderEvents = s.novelOrderEvents();
        s.fields().entrySet().stream().limit(MAX_FIELDS).forEach(e -> p.fields.put(e.getKey(), FieldProfile.restore(e.getValue())));
        return p;
    }

    /** The file form of an operation (docs/ANOMALY.md, "Model file"); {@code orders} are hashes of parameter-name lists. */
    record Snapshot(long count, long novelFieldEvents, Map<String, Long> presence, List<String> orders, long novelOrderEvents,
                    Map<String, FieldProfile.Snapshot> fields) {
    }
}
