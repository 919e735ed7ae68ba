package io.bulwark.gateway;

/**
 * What an access token is bound to, from its {@code cnf} claim (RFC 7800): a DPoP key thumbprint
 * ({@code jkt}, RFC 9449 §6.1), a TLS client certificate thumbprint ({@code x5t#S256}, RFC 8705 §3.1),
 * or nothing for a bearer token.
 */
public record TokenConfirmation(String jkt, String x5tS256) {

    /** A token without {@code cnf}: a bearer token. */
    public static final TokenConfirmation NONE = new TokenConfirmation(null, null);

    /** True when the token carries a binding this gateway can check. */
    public boolean bound() {
        return jkt != null || x5tS256 != null;
    }
}
