package io.bulwark.gateway;

import java.util.List;

/**
 * The gateway's policy steps, in the one order they run. Requests pass top to bottom; the last
 * step is terminal (it answers without calling the chain).
 */
public final class GatewayPipeline {

    private final List<Step> steps;

    /** @param steps the steps in order; the last one must be terminal */
    public GatewayPipeline(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least its terminal step");
        }
        this.steps = List.copyOf(steps);
    }

    public GatewayResponse handle(Exchange exchange) {
        return new StepChain(0).proceed(exchange);
    }

    /** The names of the steps in order, for start-up logs and docs. */
    public List<String> describe() {
        return steps.stream().map(step -> step.getClass().getSimpleName()).toList();
    }

    private final class StepChain implements Step.Chain {
        private final int index;
        private boolean called;

        private StepChain(int index) {
            this.index = index;
        }

        @Override
        public GatewayResponse proceed(Exchange exchange) {
            if (called) {
                throw new IllegalStateException(steps.get(index - 1).getClass().getSimpleName() + " called proceed() twice");
            }
            called = true;
            if (index >= steps.size()) {
                throw new IllegalStateException("the last step, " + steps.getLast().getClass().getSimpleName() + ", must answer, not proceed");
            }
            return steps.get(index).apply(exchange, new StepChain(index + 1));
        }
    }
}
