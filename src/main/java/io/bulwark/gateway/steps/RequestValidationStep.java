package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.contract.ContractViolation;
import io.bulwark.gateway.contract.RequestValidator;
import io.bulwark.gateway.openapi.ApiContracts;

import java.util.Optional;
import java.util.Set;

/**
 * Validates the request against its operation's OpenAPI contract (OWASP API3, API8): parameters
 * and JSON body by their schemas, unknown properties and undeclared query parameters refused,
 * content type enforced. A refused request never reaches the upstream.
 */
public final class RequestValidationStep implements Step {

    private final ApiContracts contracts;

    public RequestValidationStep(ApiContracts contracts) {
        this.contracts = contracts;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        Optional<ContractViolation> violation = RequestValidator.check(exchange.request(), exchange.operation(),
                contracts.of(exchange.operation()));
        if (violation.isPresent()) {
            return GatewayResponse.refuse(violation.get().problem(), violation.get().reason());
        }
        return chain.proceed(exchange);
    }

    @Override
    public Phase phase() {
        return Phase.VALIDATE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION);
    }
}
