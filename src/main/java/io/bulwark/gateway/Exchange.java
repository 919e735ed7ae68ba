package io.bulwark.gateway;

import io.bulwark.gateway.openapi.MatchedOperation;

import java.util.Objects;
import java.util.UUID;

/**
 * One request's journey through the pipeline: the request, and what steps have established about
 * it so far. Steps only add facts; none is ever removed.
 */
public final class Exchange {

    private final GatewayRequest request;
    private final String requestId;
    private MatchedOperation operation;
    private VerifiedAccessToken accessToken;
    private java.util.List<Integer> fittingPayments = java.util.List.of();
    private String identityAssertion;

    public Exchange(GatewayRequest request) {
        this.request = Objects.requireNonNull(request, "request");
        this.requestId = UUID.randomUUID().toString();
    }

    public GatewayRequest request() {
        return request;
    }

    /** A unique id for logs, events and the upstream's {@code X-Request-Id}. */
    public String requestId() {
        return requestId;
    }

    /** The declared operation, once {@code RouteStep} has matched it. */
    public MatchedOperation operation() {
        return operation;
    }

    public void operation(MatchedOperation operation) {
        this.operation = operation;
    }

    /** The verified token, once {@code AccessTokenStep} has checked it. */
    public VerifiedAccessToken accessToken() {
        return accessToken;
    }

    public void accessToken(VerifiedAccessToken accessToken) {
        this.accessToken = accessToken;
    }

    /**
     * The positions, among the token's {@code payment_initiation} details, of those the request's payment fits,
     * once {@code PaymentConsentStep} has checked it; empty before.
     */
    public java.util.List<Integer> fittingPayments() {
        return fittingPayments;
    }

    public void fittingPayments(java.util.List<Integer> positions) {
        this.fittingPayments = java.util.List.copyOf(positions);
    }

    /** The signed identity for the upstream ({@code X-Bulwark-Identity}), once {@code IdentityAssertionStep} has signed it; else null. */
    public String identityAssertion() {
        return identityAssertion;
    }

    public void identityAssertion(String jws) {
        this.identityAssertion = jws;
    }
}
