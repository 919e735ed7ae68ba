package io.bulwark.oauth.dpop;

/**
 * A DPoP proof refused, with the RFC 9449 error code to answer with: {@code invalid_dpop_proof}
 * (§5, §7.1), or {@code use_dpop_nonce} (§8, §9) together with the nonce the client must use.
 * The message is written for the client developer and carries no internal detail.
 */
public final class DpopProofException extends Exception {

    /** RFC 9449 §5 and §7.1: the proof is missing or does not pass a check of §4.3. */
    public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
    /** RFC 9449 §8 and §9: the server requires a nonce it issued, and the proof has none or a stale one. */
    public static final String USE_DPOP_NONCE = "use_dpop_nonce";

    private final String error;
    private final String nonce;

    private DpopProofException(String error, String message, String nonce) {
        super(message, null, false, false);
        this.error = error;
        this.nonce = nonce;
    }

    static DpopProofException invalid(String message) {
        return new DpopProofException(INVALID_DPOP_PROOF, message, null);
    }

    static DpopProofException useNonce(String message, String nonce) {
        return new DpopProofException(USE_DPOP_NONCE, message, nonce);
    }

    /** {@link #INVALID_DPOP_PROOF} or {@link #USE_DPOP_NONCE}. */
    public String error() {
        return error;
    }

    /** For {@link #USE_DPOP_NONCE}, the value to send in the {@code DPoP-Nonce} header; null otherwise. */
    public String nonce() {
        return nonce;
    }
}
