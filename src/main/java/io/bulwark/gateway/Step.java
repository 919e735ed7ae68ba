package io.bulwark.gateway;

/**
 * One policy step of the gateway. A step either answers (refuses, or as the last step, proxies)
 * or calls {@link Chain#proceed} exactly once and may look at or change what comes back.
 */
public interface Step {

    GatewayResponse apply(Exchange exchange, Chain chain);

    /** The rest of the pipeline after the current step. */
    interface Chain {
        GatewayResponse proceed(Exchange exchange);
    }
}
