package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.http.Problem;

import java.util.Set;

/**
 * Binds a token's RFC 9396 {@code account_information} details to the request: an operation on an
 * account (its OpenAPI {@code x-bulwark-account-parameter}) is allowed only for an account the user
 * consented to, with the action the operation performs ({@code x-bulwark-account-action}). A user
 * who unticked an account at consent cannot reach it with that token, even though they own it.
 */
public final class AccountConsentStep implements Step {

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        ApiOperation operation = exchange.operation().operation();
        var consent = exchange.accessToken().accounts();
        if (operation.accountParameter() == null || !consent.present()) {
            return chain.proceed(exchange);
        }
        String account = exchange.operation().pathParameters().get(operation.accountParameter());
        // RFC 9396 §2.2 (account_information): the token grants the listed accounts and actions, no others.
        if (!consent.allows(account, operation.accountAction())) {
            return GatewayResponse.refuse(Problem.of("account-not-consented", "Forbidden", 403,
                    "the token's authorization_details do not grant " + (operation.accountAction() == null ? "access to"
                            : "`" + operation.accountAction() + "` on") + " this account"), "account_not_consented");
        }
        return chain.proceed(exchange);
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
