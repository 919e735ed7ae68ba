package io.bulwark.observability;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one label may take: the first {@code limit} distinct ones seen, then {@code other}, so that no input can
 * make a label's series grow without bound even where its values come from code or configuration (a guard, not a filter).
 */
final class LabelValues {

    static final String NONE = "none";
    static final String OTHER = "other";

    private final int limit;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    LabelValues(int limit) {
        this.limit = limit;
    }

    /** {@code value} as a label value: {@value #NONE} when absent, {@value #OTHER} once the limit is reached. */
    String of(Optional<String> value) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return NONE;
        }
        String label = value.get();
        if (seen.contains(label)) {
            return label;
        }
        synchronized (seen) {
            if (seen.size() < limit) {
                seen.add(label);
                return label;
            }
        }
        return OTHER;
    }
}
