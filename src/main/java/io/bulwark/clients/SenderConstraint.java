package io.bulwark.clients;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a client's access tokens must be bound to. FAPI 2.0 SP §5.3.2.1 has the authorization server
 * issue only sender-constrained tokens, so every client has one of these, none of them "bearer".
 */
public enum SenderConstraint {

    /** DPoP (RFC 9449): the token carries {@code cnf.jkt}, the thumbprint of the client's proof key. */
    DPOP("dpop"),
    /** mTLS (RFC 8705 §3): the token carries {@code cnf.x5t#S256}, the thumbprint of the client's TLS certificate. */
    MTLS("mtls"),
    /** Either, as the token request offers: a DPoP proof if it carries one, else the TLS client certificate. */
    DPOP_OR_MTLS("dpop-or-mtls");

    private final String configName;

    SenderConstraint(String configName) {
        this.configName = configName;
    }

    /** The name in {@code bulwark.yaml} and in the store: {@code dpop}, {@code mtls} or {@code dpop-or-mtls}. */
    public String configName() {
        return configName;
    }

    public static Optional<SenderConstraint> fromConfigName(String name) {
        return Arrays.stream(values()).filter(value -> value.configName.equals(name)).findFirst();
    }

    public boolean allowsDpop() {
        return this != MTLS;
    }

    public boolean allowsMtls() {
        return this != DPOP;
    }
}
