package io.bulwark.oauth.dpop;

import java.time.Instant;
import java.util.Objects;

/**
 * A DPoP proof that passed every check of RFC 9449 §4.3 and was recorded as used.
 *
 * @param jkt      the RFC 7638 SHA-256 thumbprint of the proof's key, base64url: what {@code cnf.jkt} binds (RFC 9449 §6.1)
 * @param issuedAt the proof's {@code iat}
 */
public record VerifiedDpopProof(String jkt, Instant issuedAt) {

    public VerifiedDpopProof {
        Objects.requireNonNull(jkt, "jkt");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
