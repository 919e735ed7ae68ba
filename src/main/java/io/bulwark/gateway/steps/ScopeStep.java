package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;

import java.util.Set;
import java.util.TreeSet;

/** Function-level authorization: the token holds every scope of at least one of the operation's security requirements. */
public final class ScopeStep implements Step {

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        Set<String> granted = exchange.accessToken().scopes();
        var alternatives = exchange.operation().operation().scopeAlternatives();
        for (Set<String> required : alternatives) {
            if (granted.containsAll(required)) {
                return chain.proceed(exchange);
            }
        }
        String needed = String.join(" ", new TreeSet<>(alternatives.getFirst()));
        return GatewayResponse.refuse(BearerChallenge.insufficientScope(needed), "insufficient_scope");
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN);
    }
}
