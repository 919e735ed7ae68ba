package io.bulwark.observability;

import io.bulwark.gateway.CircuitBreakingUpstream;
import io.bulwark.gateway.StepCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway pipeline's own counters ({@link StepCounters}, kept by the pipeline itself: read here, never counted twice)
 * and each upstream's circuit state, read at scrape time from whatever pipeline and APIs the node runs now. A reload
 * builds a new pipeline whose counters start at zero: Prometheus reads that as a counter reset, which {@code rate()} handles.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Supplier<List<StepCounters>> steps;
    private final Supplier<Map<String, CircuitBreakingUpstream.State>> circuits;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final LabelValues reasons = new LabelValues(500);

    /**
     * @param steps    the running pipeline's counters, in order
     * @param circuits each API's upstream circuit, by API name
     */
    public PipelineMetrics(MeterRegistry registry, Supplier<List<StepCounters>> steps,
                           Supplier<Map<String, CircuitBreakingUpstream.State>> circuits) {
        this.registry = registry;
        this.steps = steps;
        this.circuits = circuits;
    }

    /** Registers the meters of steps, refusal reasons and APIs that appeared since the last call; run before each scrape. */
    public void refresh() {
        for (StepCounters step : steps.get()) {
            String name = step.step();
            register("passed|" + name, () -> FunctionCounter.builder("bulwark.gateway.step.requests", this, self -> self.passed(name))
                    .description("Requests a pipeline step passed on, or answered itself without refusing them")
                    .tags("step", name, "outcome", "passed").register(registry));
            register("answered|" + name, () -> FunctionCounter.builder("bulwark.gateway.step.requests", this, self -> self.answered(name))
                    .description("Requests a pipeline step passed on, or answered itself without refusing them")
                    .tags("step", name, "outcome", "answered").register(registry));
            for (String reason : step.refused().keySet()) {
                String label = reasons.of(java.util.Optional.of(reason));
                if (!label.equals(reason)) {
                    continue;
                }
                register("refused|" + name + "|" + reason, () -> FunctionCounter.builder("bulwark.gateway.refusals", this,
                                self -> self.refused(name, reason))
                        .description("Requests a pipeline step refused, by the refusal's machine reason")
                        .tags("step", name, "reason", reason).register(registry));
            }
        }
        for (String api : circuits.get().keySet()) {
            for (CircuitBreakingUpstream.State state : CircuitBreakingUpstream.State.values()) {
                register("circuit|" + api + "|" + state, () -> Gauge.builder("bulwark.upstream.circuit.state",
                                () -> circuits.get().get(api) == state ? 1 : 0)
                        .description("1 for the state each API's upstream circuit is in (closed, open, half_open), else 0")
                        .tags("api", api, "state", state.name().toLowerCase(Locale.ROOT)).register(registry));
            }
        }
    }

    private void register(String key, Runnable registration) {
        if (registered.add(key)) {
            registration.run();
        }
    }

    private StepCounters step(String name) {
        return steps.get().stream().filter(s -> s.step().equals(name)).findFirst().orElse(null);
    }

    private double passed(String name) {
        StepCounters step = step(name);
        return step == null ? 0 : step.passed();
    }

    private double answered(String name) {
        StepCounters step = step(name);
        return step == null ? 0 : step.answered();
    }

    private double refused(String name, String reason) {
        StepCounters step = step(name);
        return step == null ? 0 : step.refused().getOrDefault(reason, 0L);
    }
}
