package io.bulwark.gateway;

/**
 * The phases of the gateway pipeline, in the order a request passes them (responses pass them in
 * reverse). {@link GatewayPipeline} refuses a list whose steps are out of this order.
 */
public enum Phase {
    /** Steps that see every answer, refusals included: the audit record and security events. */
    OBSERVE,
    /** Limits on the raw request (size, JSON depth) before anything reads it further. */
    ADMIT,
    /** Matching the request to a declared operation, or answering a path the gateway owns. */
    ROUTE,
    /** Policies that need the operation but no identity: page sizes, limits by address, API and operation, CORS. */
    ROUTE_POLICY,
    /** The access token: verified, not revoked. */
    AUTHENTICATE,
    /** Proof that the caller holds the token's key or certificate (FAPI 2.0 SP §5.3.2.2). */
    SENDER_CONSTRAINT,
    /** Limits by client, user and tier, once the identity is known. */
    IDENTITY_LIMITS,
    /** What the token grants: scopes, caller kind, consented accounts and payments. */
    AUTHORIZE,
    /** The request against the operation's contract. */
    VALIDATE,
    /** The verified identity, signed for the upstream. */
    ASSERT_IDENTITY,
    /** Last checks before the call, which may ask the upstream or spend a consent. */
    COMMIT,
    /** Steps that wrap the call and check or minimize its answer. */
    RESPONSE,
    /** The terminal step: the upstream call. */
    PROXY
}
