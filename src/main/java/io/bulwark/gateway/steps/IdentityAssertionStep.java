package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.token.IdentityAssertionSigner;

import java.util.Set;

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

    @Override
    public Phase phase() {
        return Phase.ASSERT_IDENTITY;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN);
    }

    @Override
    public Set<Fact> provides() {
        return Set.of(Fact.IDENTITY_ASSERTION);
    }
}
