package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.token.IdentityAssertionSigner;

/**
 * Signs the request's verified identity once, for every call the gateway then makes to the API on its
 * behalf ({@code X-Bulwark-Identity}). Placed after every refusing authorization check, so refused
 * requests cost no signature.
 */
public final class IdentityAssertionStep implements Step {

    private final IdentityAssertionSigner signer;

    public IdentityAssertionStep(IdentityAssertionSigner signer) {
        this.signer = signer;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        exchange.identityAssertion(signer.sign(exchange.accessToken(), exchange.operation().apiName(), exchange.requestId()));
        return chain.proceed(exchange);
    }
}
