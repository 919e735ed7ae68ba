package io.bulwark.gateway.steps;

import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.contract.ResponseMinimizer;
import io.bulwark.gateway.contract.ResponseValidator;
import io.bulwark.gateway.contract.StrictJson;
import io.bulwark.gateway.openapi.ApiContracts;
import io.bulwark.gateway.openapi.DataAccessPolicy;
import io.bulwark.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Wraps the proxy: the upstream's answer must match the responses its operation declares, or it
 * is withheld (502); a conforming JSON answer then leaves with only the data classes the token's
 * scopes may see ({@code x-bulwark-data-access}), PANs masked, secrets removed.
 */
public final class ResponseContractStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseContractStep.class);
    static final Problem INVALID_UPSTREAM_RESPONSE = Problem.of("invalid-upstream-response", "Bad Gateway", 502,
            "the API's response did not match its contract and was withheld; it has been logged");

    private final ApiContracts contracts;

    public ResponseContractStep(ApiContracts contracts) {
        this.contracts = contracts;
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        GatewayResponse response = chain.proceed(exchange);
        if (response.refused()) {
            return response;
        }
        ResponseValidator.Verdict verdict = ResponseValidator.check(response, contracts.of(exchange.operation()));
        if (!verdict.conforms()) {
            LOG.warn("withheld the response of {} {} to request {}: {}", exchange.operation().apiName(),
                    exchange.operation().operation().operationId(), exchange.requestId(), verdict.breach());
            return GatewayResponse.refuse(INVALID_UPSTREAM_RESPONSE, "invalid_upstream_response");
        }
        if (verdict.json() == null) {
            return response;
        }
        DataAccessPolicy policy = contracts.dataAccess(exchange.operation().apiName());
        ResponseMinimizer.Result result = ResponseMinimizer.minimize(verdict.json(), verdict.shape(),
                policy.visibleTo(exchange.accessToken().scopes()), policy.unclassified());
        if (result.removed() == 0 && result.masked() == 0) {
            return response;
        }
        // An inner step's reason (objects it removed) stays for the audit event.
        return response.withRewrittenBody(StrictJson.write(verdict.json()), response.reason());
    }

    @Override
    public Phase phase() {
        return Phase.RESPONSE;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN);
    }
}
