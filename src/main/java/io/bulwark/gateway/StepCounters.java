package io.bulwark.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one step did with the requests it saw, as Envoy's filters count theirs: passed on, answered
 * itself, or refused, by the refusal's reason. Kept by {@link GatewayPipeline}, so no step counts for itself.
 */
public final class StepCounters {

    private final String step;
    private final LongAdder passed = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    StepCounters(String step) {
        this.step = step;
    }

    void record(StepOutcome outcome, GatewayResponse answer) {
        switch (outcome) {
            case PASSED -> passed.increment();
            case ANSWERED -> answered.increment();
            case REFUSED -> refused.computeIfAbsent(reasonOf(answer), reason -> new LongAdder()).increment();
        }
    }

    /** A refusal's reason, {@code unspecified} when the step gave none. */
    static String reasonOf(GatewayResponse refusal) {
        return refusal.reason() == null ? "unspecified" : refusal.reason();
    }

    public String step() {
        return step;
    }

    /** Requests this step passed on to the next. */
    public long passed() {
        return passed.sum();
    }

    /** Requests this step answered itself without refusing them (the terminal step's calls, a preflight, the JWKS). */
    public long answered() {
        return answered.sum();
    }

    /** Requests this step refused, by reason. */
    public Map<String, Long> refused() {
        Map<String, Long> counts = new TreeMap<>();
        refused.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }
}
