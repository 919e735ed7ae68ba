package io.bulwark.testing;

import io.bulwark.gateway.openapi.AllowedCaller;
import io.bulwark.gateway.openapi.ApiOperation;
import io.bulwark.gateway.openapi.OwnerLookup;
import io.bulwark.gateway.openapi.PaymentBinding;
import io.bulwark.gateway.openapi.ResponseOwnership;

import java.util.List;
import java.util.Set;

/**
 * Declared operations for tests, as an OpenAPI document without the {@code x-bulwark-*} extensions a test leaves out
 * would declare them: no account, no payment binding, no declared owner, no owner lookup, users' tokens only.
 */
public final class TestOperations {

    private TestOperations() {
    }

    /** An operation that acts on no particular account. */
    public static ApiOperation operation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives) {
        return operation(operationId, method, pathTemplate, scopeAlternatives, null, null);
    }

    /** An operation on the account in path parameter {@code accountParameter}, performing {@code accountAction}. */
    public static ApiOperation operation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives,
                                         String accountParameter, String accountAction) {
        return operation(operationId, method, pathTemplate, scopeAlternatives, accountParameter, accountAction, null, ResponseOwnership.NONE);
    }

    /** An operation with a payment binding and a declared owner, and no owner lookup. */
    public static ApiOperation operation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives,
                                         String accountParameter, String accountAction, PaymentBinding paymentBinding,
                                         ResponseOwnership ownership) {
        return operation(operationId, method, pathTemplate, scopeAlternatives, accountParameter, accountAction, paymentBinding, ownership,
                null);
    }

    /** An operation for users' tokens only (the default caller). */
    public static ApiOperation operation(String operationId, String method, String pathTemplate, List<Set<String>> scopeAlternatives,
                                         String accountParameter, String accountAction, PaymentBinding paymentBinding,
                                         ResponseOwnership ownership, OwnerLookup ownerLookup) {
        return new ApiOperation(operationId, method, pathTemplate, scopeAlternatives, accountParameter, accountAction, paymentBinding,
                ownership, ownerLookup, AllowedCaller.USER);
    }
}
