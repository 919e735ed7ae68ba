package io.bulwark.oauth.core;

import java.util.Map;
import java.util.Objects;

/** What an access token is bound to: its {@code cnf} claim and the {@code token_type} it is issued with. */
public sealed interface TokenBinding {

    /** The members of the token's {@code cnf} claim (RFC 7800 §3.1). */
    Map<String, Object> confirmation();

    /** The {@code token_type} of the token response. */
    String tokenType();

    /** Bound to a DPoP key (RFC 9449 §6): {@code cnf.jkt}, token type {@code DPoP} (§5). */
    record Dpop(String jkt) implements TokenBinding {
        public Dpop {
            Objects.requireNonNull(jkt, "jkt");
        }

        @Override
        public Map<String, Object> confirmation() {
            return Map.of("jkt", jkt);
        }

        @Override
        public String tokenType() {
            return "DPoP";
        }
    }

    /** Bound to the client's TLS certificate (RFC 8705 §3.1): {@code cnf.x5t#S256}, token type {@code Bearer}. */
    record ClientCertificate(String x5tS256) implements TokenBinding {
        public ClientCertificate {
            Objects.requireNonNull(x5tS256, "x5tS256");
        }

        @Override
        public Map<String, Object> confirmation() {
            return Map.of("x5t#S256", x5tS256);
        }

        @Override
        public String tokenType() {
            return "Bearer";
        }
    }
}
