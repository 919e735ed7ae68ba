package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.TokenStatus;

import java.util.Set;

/**
 * Refuses a token that verifies but may no longer be used: revoked (RFC 7009), issued to a client
 * that has since been disabled, or issued from a user's grant that has since been revoked. Runs
 * right after the token is verified.
 */
public final class TokenStatusStep implements Step {

    private final TokenStatus status;

    public TokenStatusStep(TokenStatus status) {
        this.status = status;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        var token = exchange.accessToken();
        if (status.revoked(token.tokenId())) {
            return GatewayResponse.refuse(BearerChallenge.invalidToken("the access token has been revoked"), "token_revoked");
        }
        if (status.clientDisabled(token.clientId())) {
            return GatewayResponse.refuse(BearerChallenge.invalidToken("the client this token was issued to is disabled"), "client_disabled");
        }
        // RFC 6749 §4.1.2 and RFC 9700 §4.5: when a grant is revoked (a reused code, the user's withdrawal),
        // every token issued from it stops working too.
        if (token.grantId() != null && status.grantRevoked(token.grantId())) {
            return GatewayResponse.refuse(BearerChallenge.invalidToken("the grant this token was issued from has been revoked"),
                    "grant_revoked");
        }
        return chain.proceed(exchange);
    }

    @Override
    public Phase phase() {
        return Phase.AUTHENTICATE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.ACCESS_TOKEN);
    }
}
