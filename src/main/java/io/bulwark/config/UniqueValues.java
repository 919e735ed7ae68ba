package io.bulwark.config;

import java.util.HashMap;
import java.util.Map;

/** Refuses a value already used in the same list (API names, base paths, client ids), naming where it was first. */
final class UniqueValues {

    private final String fix;
    private final Map<String, String> firstPathByValue = new HashMap<>();

    /** @param fix how to resolve a repeat, for example "give each API its own name" */
    UniqueValues(String fix) {
        this.fix = fix;
    }

    /** Records {@code value} read at {@code node}, or throws if an earlier node had it. */
    void add(ConfigNode node, String value) {
        String first = firstPathByValue.putIfAbsent(value, node.path());
        if (first != null) {
            throw node.error("`" + value + "` is already used at " + first, fix);
        }
    }
}
