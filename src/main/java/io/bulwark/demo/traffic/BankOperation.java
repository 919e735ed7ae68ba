package io.bulwark.demo.traffic;

/** The demo bank's operations (bank-openapi.yaml), as the traffic calls them under the gateway's {@code /bank/v1}. */
public enum BankOperation {
    LIST_ACCOUNTS("listAccounts", "GET"),
    GET_ACCOUNT("getAccount", "GET"),
    GET_BALANCES("getAccountBalances", "GET"),
    LIST_TRANSACTIONS("listAccountTransactions", "GET"),
    INITIATE_PAYMENT("initiatePayment", "POST"),
    GET_PAYMENT("getPayment", "GET"),
    LIST_PRODUCTS("listProducts", "GET");

    /** Where the gateway serves the demo bank. */
    public static final String BASE_PATH = "/bank/v1";

    private final String operationId;
    private final String method;

    BankOperation(String operationId, String method) {
        this.operationId = operationId;
        this.method = method;
    }

    /** The OpenAPI {@code operationId}, as the content detector names operations. */
    public String operationId() {
        return operationId;
    }

    public String method() {
        return method;
    }
}
