package io.bulwark.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * A successful token response: the token, the refresh token if one is issued (else null), and headers to
 * send with it (such as a fresh {@code DPoP-Nonce}, RFC 9449 §8.2), and how it was issued, for the metrics.
 */
public record TokenResponse(IssuedAccessToken token, String refreshToken, Map<String, String> headers, Issuance issuance) {

    public TokenResponse {
        Objects.requireNonNull(token, "token");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(issuance, "issuance");
    }

    /**
     * How a token was issued, in words from small fixed sets: no identifier of the client or the user.
     *
     * @param grantType        the grant that issued it
     * @param clientAuthMethod how the client authenticated ({@code private_key_jwt}, {@code tls_client_auth}, ...)
     * @param senderConstraint what the token is bound to: {@code dpop} or {@code mtls}
     */
    public record Issuance(String grantType, String clientAuthMethod, String senderConstraint) {
    }

    @Override
    public String toString() {
        return "TokenResponse[token=" + token + ", refreshToken=" + (refreshToken == null ? "none" : "***") + ", headers=" + headers + "]";
    }
}
