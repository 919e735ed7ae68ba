package io.bulwark.gateway.openapi;

import java.util.List;
import java.util.Set;

/**
 * One operation declared by an OpenAPI document.
 *
 * @param operationId       its operationId (or METHOD path when the document gives none)
 * @param method            upper-case HTTP method
 * @param pathTemplate      the OpenAPI path, for example {@code /accounts/{accountId}}
 * @param scopeAlternatives the OAuth scopes required: any one set, all of its scopes (OpenAPI security requirement semantics)
 */
public record ApiOperation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives) {

    public ApiOperation {
        scopeAlternatives = scopeAlternatives.stream().map(Set::copyOf).toList();
    }
}
