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
 * @param paymentBinding    the body fields bound to {@code payment_initiation} details ({@code x-bulwark-payment-binding}), or null
 * @param ownership         where its answer names the owner of its objects ({@code x-bulwark-owner-field}, {@code x-bulwark-owned-items})
 * @param ownerLookup       the operation asked for the owner of its object before it runs ({@code x-bulwark-owner-lookup}), or null
 * @param caller            whether a user's token, the client's own, or either may call it ({@code x-bulwark-caller}; default user)
 */
public record ApiOperation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives,
                           String accountParameter, String accountAction, PaymentBinding paymentBinding, ResponseOwnership ownership,
                           OwnerLookup ownerLookup, AllowedCaller caller) {

    public ApiOperation {
        scopeAlternatives = scopeAlternatives.stream().map(Set::copyOf).toList();
        ownership = ownership == null ? ResponseOwnership.NONE : ownership;
        caller = caller == null ? AllowedCaller.USER : caller;
    }

    /** The same operation, its owner looked up through {@code lookup}. */
    ApiOperation withOwnerLookup(OwnerLookup lookup) {
        return new ApiOperation(operationId, method, pathTemplate, scopeAlternatives, accountParameter, accountAction, paymentBinding,
                ownership, lookup, caller);
    }

    /** The same operation, for {@code allowed} callers. */
    public ApiOperation withCaller(AllowedCaller allowed) {
        return new ApiOperation(operationId, method, pathTemplate, scopeAlternatives, accountParameter, accountAction, paymentBinding,
                ownership, ownerLookup, allowed);
    }
}
