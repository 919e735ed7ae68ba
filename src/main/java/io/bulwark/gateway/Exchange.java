package io.bulwark.gateway;

import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.http.InteractionId;
import io.bulwark.logging.RequestLogContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One request's journey through the pipeline: the request, and the {@link Fact}s steps have
 * established about it so far. Each fact is set once; reading one before it is set, or setting it
 * again, fails with a message that names the fact and the step expected to set it.
 */
public final class Exchange {

    private final GatewayRequest request;
    private final String requestId;
    private final String interactionId;
    private MatchedOperation operation;
    private VerifiedAccessToken accessToken;
    private PresentedToken presentedToken;
    private List<Integer> fittingPayments;
    private String identityAssertion;
    // Not a Fact: no step needs it; the audit step reads it for the upstream's share of the latency.
    private long upstreamNanos = -1;

    public Exchange(GatewayRequest request) {
        this.request = Objects.requireNonNull(request, "request");
        this.requestId = io.bulwark.audit.RequestIds.next();
        this.interactionId = InteractionId.of(request.header(InteractionId.HEADER));
    }

    /** The FAPI interaction id: the client's valid UUID, else a new one; answered and forwarded upstream. */
    public String interactionId() {
        return interactionId;
    }

    public GatewayRequest request() {
        return request;
    }

    /** A unique id for logs, events and the upstream's {@code X-Request-Id}. */
    public String requestId() {
        return requestId;
    }

    /** The declared operation ({@link Fact#OPERATION}). */
    public MatchedOperation operation() {
        return read(Fact.OPERATION, operation);
    }

    /** The declared operation, for steps that also see requests no route matched (audit, events, limits by address). */
    public Optional<MatchedOperation> operationIfKnown() {
        return Optional.ofNullable(operation);
    }

    public void operation(MatchedOperation operation) {
        this.operation = write(Fact.OPERATION, this.operation, operation);
        RequestLogContext.operation(operation.operation().operationId());
    }

    /** The verified token ({@link Fact#ACCESS_TOKEN}). */
    public VerifiedAccessToken accessToken() {
        return read(Fact.ACCESS_TOKEN, accessToken);
    }

    /** The verified token, for steps that also see requests refused before or without one. */
    public Optional<VerifiedAccessToken> accessTokenIfKnown() {
        return Optional.ofNullable(accessToken);
    }

    public void accessToken(VerifiedAccessToken accessToken) {
        this.accessToken = write(Fact.ACCESS_TOKEN, this.accessToken, accessToken);
        RequestLogContext.client(accessToken.clientId());
    }

    /** How the caller presented its access token: the Authorization header's scheme and token ({@link Fact#PRESENTED_TOKEN}). */
    public PresentedToken presentedToken() {
        return read(Fact.PRESENTED_TOKEN, presentedToken);
    }

    public void presentedToken(PresentedToken presented) {
        this.presentedToken = write(Fact.PRESENTED_TOKEN, this.presentedToken, presented);
    }

    /**
     * The positions, among the token's {@code payment_initiation} details, of those the request's payment fits
     * ({@link Fact#FITTING_PAYMENTS}; empty for an operation that makes no payment).
     */
    public List<Integer> fittingPayments() {
        return read(Fact.FITTING_PAYMENTS, fittingPayments);
    }

    public void fittingPayments(List<Integer> positions) {
        this.fittingPayments = write(Fact.FITTING_PAYMENTS, this.fittingPayments, List.copyOf(positions));
    }

    /** The signed identity for the upstream, {@code X-Bulwark-Identity} ({@link Fact#IDENTITY_ASSERTION}). */
    public String identityAssertion() {
        return read(Fact.IDENTITY_ASSERTION, identityAssertion);
    }

    public void identityAssertion(String jws) {
        this.identityAssertion = write(Fact.IDENTITY_ASSERTION, this.identityAssertion, jws);
    }

    /** How long the upstream call took, set by the terminal step; empty when no upstream was called. */
    public OptionalLong upstreamNanos() {
        return upstreamNanos < 0 ? OptionalLong.empty() : OptionalLong.of(upstreamNanos);
    }

    public void upstreamNanos(long nanos) {
        this.upstreamNanos = Math.max(0, nanos);
    }

    private static <T> T read(Fact fact, T value) {
        if (value == null) {
            throw new IllegalStateException(fact + " was read before it was set; " + fact.usualProvider()
                    + " sets it, and must come earlier in the pipeline");
        }
        return value;
    }

    private static <T> T write(Fact fact, T current, T value) {
        Objects.requireNonNull(value, fact.name());
        if (current != null) {
            throw new IllegalStateException(fact + " is already set; " + fact.usualProvider() + " sets it once");
        }
        return value;
    }
}
