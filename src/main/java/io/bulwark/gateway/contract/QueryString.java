package io.bulwark.gateway.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a raw query string, decoded, in order, repeated names kept together. */
final class QueryString {

    private QueryString() {
    }

    /**
     * Parses {@code rawQuery} ({@code a=1&b=2&a=3}).
     *
     * @return the values of each name, or null when a name or value is not well-formed percent-encoded UTF-8
     */
    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = PercentDecoding.decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = PercentDecoding.decode(equals < 0 ? "" : pair.substring(equals + 1), true);
            if (name == null || value == null) {
                return null;
            }
            parameters.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }
}
