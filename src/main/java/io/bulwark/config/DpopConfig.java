package io.bulwark.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server (the authorization server or the gateway) checks DPoP proofs (RFC 9449).
 *
 * @param nonceRequired whether every proof must carry a nonce the server issued (RFC 9449 §8, §9)
 * @param maxProofAge   proofs whose {@code iat} is this old or older are refused (RFC 9449 §11.1)
 */
public record DpopConfig(boolean nonceRequired, Duration maxProofAge) {

    /** No nonce required; proofs refused from 60 seconds of age. */
    public static final DpopConfig DEFAULT = new DpopConfig(false, Duration.ofSeconds(60));

    public DpopConfig {
        Objects.requireNonNull(maxProofAge, "maxProofAge");
    }
}
