package io.bulwark.gateway.openapi;

import java.util.Map;

/**
 * A request matched to a declared operation.
 *
 * @param apiName        the API it belongs to
 * @param operation      the operation
 * @param pathParameters the template's parameters, as sent (still percent-encoded)
 * @param upstreamPath   the path to call on the upstream: the request path without the API's base path
 */
public record MatchedOperation(String apiName, ApiOperation operation, Map<String, String> pathParameters, String upstreamPath) {

    public MatchedOperation {
        pathParameters = Map.copyOf(pathParameters);
    }
}
