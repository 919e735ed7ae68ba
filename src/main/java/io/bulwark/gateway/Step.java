package io.bulwark.gateway;

import java.util.Set;

/**
 * One policy step of the gateway. A step either answers (refuses, or as the terminal step, proxies)
 * or calls {@link Chain#proceed} exactly once and may look at or change what comes back. It declares
 * its {@link Phase} and the {@link Fact}s it reads and sets, which {@link GatewayPipeline} checks.
 */
public interface Step {

    GatewayResponse apply(Exchange exchange, Chain chain);

    /** Where this step belongs in the pipeline; the one {@link Phase#PROXY} step is terminal. */
    Phase phase();

    /** The facts this step reads, each of which an earlier step must provide. */
    default Set<Fact> needs() {
        return Set.of();
    }

    /** The facts this step sets on every exchange it passes on. */
    default Set<Fact> provides() {
        return Set.of();
    }

    /** The name in start-up logs, errors and counters. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The rest of the pipeline after the current step. */
    interface Chain {
        GatewayResponse proceed(Exchange exchange);
    }
}
