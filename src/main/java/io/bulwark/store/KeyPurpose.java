package io.bulwark.store;

/** What a stored signing key signs; each purpose has its own keys, rotation and JWKS. */
public enum KeyPurpose {
    /** The authorization server's RFC 9068 access tokens. */
    ACCESS_TOKENS("access-token"),
    /** The gateway's signed identity header for upstreams ({@code X-Bulwark-Identity}). */
    GATEWAY_IDENTITY("gateway-identity"),
    /** The audit trail's signed checkpoints of the chain head (PCI DSS 10.3.2: audit logs protected from modification). */
    AUDIT_CHECKPOINTS("audit-checkpoint");

    private final String column;

    KeyPurpose(String column) {
        this.column = column;
    }

    /** The value stored in {@code signing_keys.purpose}. */
    public String column() {
        return column;
    }
}
