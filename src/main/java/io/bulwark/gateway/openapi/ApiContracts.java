package io.bulwark.gateway.openapi;

import java.util.HashMap;
import java.util.Map;

/** The compiled contracts of every API behind the gateway, by API name. */
public final class ApiContracts {

    private final Map<String, ApiContract> byApi = new HashMap<>();

    /** Adds the contract of the API named {@code apiName}. */
    public ApiContracts add(String apiName, ApiContract contract) {
        if (byApi.putIfAbsent(apiName, contract) != null) {
            throw new IllegalArgumentException("two contracts for the API " + apiName);
        }
        return this;
    }

    /** The contract of a matched operation. */
    public OperationContract of(MatchedOperation matched) {
        return api(matched.apiName()).operation(matched.operation());
    }

    /** Who may see which data in the API's responses. */
    public DataAccessPolicy dataAccess(String apiName) {
        return api(apiName).dataAccess();
    }

    private ApiContract api(String apiName) {
        ApiContract contract = byApi.get(apiName);
        if (contract == null) {
            throw new IllegalStateException("no contract for the API " + apiName);
        }
        return contract;
    }
}
