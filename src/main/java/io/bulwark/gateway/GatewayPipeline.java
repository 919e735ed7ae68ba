package io.bulwark.gateway;

import io.bulwark.logging.RequestLogContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's policy steps, in the one order they run. Requests pass top to bottom; the last
 * step is terminal (it answers without calling the chain). The order is a checked fact: the
 * constructor refuses steps out of {@link Phase} order, a step whose needed {@link Fact} no earlier
 * step provides, a fact provided twice, and anything but exactly one terminal step, last. Each request is a trace
 * span and, when sampled, each step a span within it ({@link RequestTracing}).
 */
public final class GatewayPipeline {

    private final List<Step> steps;
    private final List<StepCounters> counters;
    private final RequestTracing tracing;

    /**
     * @param steps   the steps in order; the last one, and only it, in {@link Phase#PROXY}
     * @param tracing the spans of each request and step ({@link RequestTracing#NONE} for none)
     * @throws PipelineOrderException naming the steps at fault
     */
    public GatewayPipeline(List<Step> steps, RequestTracing tracing) {
        this.steps = List.copyOf(steps);
        this.tracing = tracing;
        check(this.steps);
        List<StepCounters> all = new ArrayList<>();
        this.steps.forEach(step -> all.add(new StepCounters(step.name())));
        this.counters = List.copyOf(all);
    }

    private static void check(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new PipelineOrderException("a pipeline needs at least its terminal step (phase PROXY)");
        }
        Map<Fact, Step> providers = new EnumMap<>(Fact.class);
        Step previous = null;
        for (Step step : steps) {
            if (previous != null && step.phase().compareTo(previous.phase()) < 0) {
                throw new PipelineOrderException(step.name() + " (phase " + step.phase() + ") must come before " + previous.name()
                        + " (phase " + previous.phase() + "), not after it");
            }
            if (previous != null && previous.phase() == Phase.PROXY) {
                throw new PipelineOrderException("two terminal steps: " + previous.name() + " and " + step.name()
                        + "; a pipeline has exactly one, last");
            }
            for (Fact fact : step.needs()) {
                if (!providers.containsKey(fact)) {
                    String later = steps.stream().filter(other -> other.provides().contains(fact)).map(Step::name).findFirst()
                            .map(name -> name + " provides it only after it")
                            .orElse("no step provides it (in Bulwark's pipeline, " + fact.usualProvider() + " does)");
                    throw new PipelineOrderException(step.name() + " needs " + fact + ", but " + later);
                }
            }
            for (Fact fact : step.provides()) {
                Step earlier = providers.putIfAbsent(fact, step);
                if (earlier != null) {
                    throw new PipelineOrderException(step.name() + " provides " + fact + ", which " + earlier.name()
                            + " already provides; each fact is set once");
                }
            }
            previous = step;
        }
        if (previous.phase() != Phase.PROXY) {
            throw new PipelineOrderException("the last step, " + previous.name() + " (phase " + previous.phase()
                    + "), is not terminal; a pipeline ends with exactly one step in phase PROXY");
        }
    }

    public GatewayResponse handle(Exchange exchange) {
        if (!tracing.active()) {
            return new StepChain(0, false).proceed(exchange);
        }
        Span span = tracing.startRequest(exchange);
        // Log lines of this request carry the trace id its upstream calls send (docs/OBSERVABILITY.md, "Logs").
        RequestLogContext.traceId(span.getSpanContext().getTraceId());
        try (Scope scope = RequestTracing.enter(span)) {
            // An unsampled request keeps its trace ids for the upstream, and costs no step spans.
            GatewayResponse answer = new StepChain(0, span.isRecording()).proceed(exchange);
            tracing.endRequest(span, exchange, answer);
            return answer;
        } catch (RuntimeException | Error e) {
            tracing.fail(span, e);
            throw e;
        }
    }

    /** The names of the steps in order, for start-up logs and docs. */
    public List<String> describe() {
        return steps.stream().map(step -> step.name() + " [" + step.phase() + "]").toList();
    }

    /** Each step's counters, in pipeline order. */
    public List<StepCounters> counters() {
        return counters;
    }

    private final class StepChain implements Step.Chain {
        private final int index;
        private final boolean traced;
        private boolean called;

        private StepChain(int index, boolean traced) {
            this.index = index;
            this.traced = traced;
        }

        @Override
        public GatewayResponse proceed(Exchange exchange) {
            if (called) {
                throw new IllegalStateException(steps.get(index - 1).name() + " called proceed() twice");
            }
            called = true;
            if (index >= steps.size()) {
                throw new IllegalStateException("the last step, " + steps.getLast().name() + ", must answer, not proceed");
            }
            StepChain next = new StepChain(index + 1, traced);
            Step step = steps.get(index);
            if (!traced) {
                GatewayResponse answer = step.apply(exchange, next);
                counters.get(index).record(StepOutcome.of(next.called, answer), answer);
                return answer;
            }
            Span span = tracing.startStep(step.name());
            GatewayResponse answer;
            try (Scope scope = RequestTracing.enter(span)) {
                answer = step.apply(exchange, next);
            } catch (RuntimeException | Error e) {
                tracing.fail(span, e);
                throw e;
            }
            StepOutcome outcome = StepOutcome.of(next.called, answer);
            counters.get(index).record(outcome, answer);
            tracing.endStep(span, outcome, answer);
            return answer;
        }
    }
}
