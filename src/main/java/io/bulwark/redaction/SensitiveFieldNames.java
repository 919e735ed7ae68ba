package io.bulwark.redaction;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the fields the API contracts classify {@code pci}, {@code personal} or {@code secret}
 * ({@code x-bulwark-classification}), for the maskers that run where no contract is at hand (log appenders).
 * The node adds them when it builds its APIs, at start and at each reload. Names are only ever added: masking a field
 * that a new document no longer classifies costs nothing, forgetting one that a request in flight still carries would not.
 */
public final class SensitiveFieldNames {

    private static final Object LOCK = new Object();
    private static volatile Set<String> names = Set.of();
    private static volatile Set<String> normalizedNames = Set.of();

    private SensitiveFieldNames() {
    }

    /** Adds {@code more} (compared without case) to the names every masker treats as sensitive. */
    public static void add(Collection<String> more) {
        synchronized (LOCK) {
            Set<String> all = new TreeSet<>(names);
            more.forEach(name -> all.add(name.toLowerCase(Locale.ROOT)));
            if (all.equals(names)) {
                return;
            }
            names = Set.copyOf(all);
            normalizedNames = all.stream().map(KeyValues::normalized).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** The names added so far, lower case. */
    public static Set<String> names() {
        return names;
    }

    /** The names as {@link KeyValues} compares them ({@code -} read as {@code _}). */
    static Set<String> normalizedNames() {
        return normalizedNames;
    }
}
