package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.openapi.AllowedCaller;
import io.bulwark.http.Problem;

import java.util.Set;

/**
 * Refuses a token of the wrong kind for the operation ({@code x-bulwark-caller}), before the API: a client's own token
 * (no user) on an operation for users, whose owner checks it would pass, or a user's token on one for clients alone.
 */
public final class CallerStep implements Step {

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        AllowedCaller allowed = exchange.operation().operation().caller();
        // RFC 9068 §2.2: a token with no resource owner names its client as sub and carries no grant (VerifiedAccessToken).
        boolean actsForUser = exchange.accessToken().actsForUser();
        if (allowed.admits(actsForUser)) {
            return chain.proceed(exchange);
        }
        if (allowed == AllowedCaller.USER) {
            return GatewayResponse.refuse(Problem.of("caller-not-allowed", "Forbidden", 403, "this operation acts for a user:"
                    + " use a token a user granted (authorization code flow), not the client's own"), "user_token_required");
        }
        return GatewayResponse.refuse(Problem.of("caller-not-allowed", "Forbidden", 403, "this operation serves clients acting"
                + " for themselves: use the client's own token (client credentials), not a user's"), "client_token_required");
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
