package io.bulwark.gateway;

/** Port: what the gateway must know about a signature-valid token that the token itself cannot say. */
public interface TokenStatus {

    /** True when the token with this {@code jti} was revoked before its expiry. */
    boolean revoked(String jti);

    /** True when the client the token was issued to has been disabled since. */
    boolean clientDisabled(String clientId);

    /** True when the user's grant a token was issued from (its {@code grant_id}) has been revoked, or is unknown. */
    boolean grantRevoked(String grantId);
}
