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
 * @param accountParameter  the path parameter naming the account the operation acts on ({@code x-bulwark-account-parameter}), or null
 * @param accountAction     the RFC 9396 {@code account_information} action it performs ({@code x-bulwark-account-action}), or null
 */
public record ApiOperation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives,
                           String accountParameter, String accountAction) {

    public ApiOperation {
        scopeAlternatives = scopeAlternatives.stream().map(Set::copyOf).toList();
    }

    /** An operation that acts on no particular account. */
    public ApiOperation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives) {
        this(operationId, method, pathTemplate, scopeAlternatives, null, null);
    }
}
