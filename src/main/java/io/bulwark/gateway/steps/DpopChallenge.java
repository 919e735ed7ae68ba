package io.bulwark.gateway.steps;

import io.bulwark.http.Problem;
import io.bulwark.oauth.dpop.DpopProofVerifier;

/** Builds refusals with the RFC 9449 §7.1 {@code WWW-Authenticate: DPoP} challenge, naming the algorithms accepted. */
final class DpopChallenge {

    private static final String CHALLENGE = "DPoP realm=\"" + BearerChallenge.REALM + "\", algs=\"" + DpopProofVerifier.ALGS + "\"";

    private DpopChallenge() {
    }

    /** The bare challenge, offered alongside Bearer when a request carries no credentials. */
    static String challenge() {
        return CHALLENGE;
    }

    /** RFC 9449 §7.1 invalid_dpop_proof: the proof is missing or fails a check of §4.3, 401. */
    static Problem invalidProof(String detail) {
        return Problem.of("invalid-dpop-proof", "Unauthorized", 401, detail)
                .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_dpop_proof\", error_description=\""
                        + BearerChallenge.quoted(detail) + "\"");
    }

    /** RFC 9449 §9: the resource server requires a nonce; the one to use goes in {@code DPoP-Nonce}, 401. */
    static Problem useNonce(String detail, String nonce) {
        return Problem.of("use-dpop-nonce", "Unauthorized", 401, detail)
                .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"use_dpop_nonce\", error_description=\""
                        + BearerChallenge.quoted(detail) + "\"")
                .withHeader("DPoP-Nonce", nonce);
    }

    /** RFC 9449 §7.1 with RFC 6750 §3.1 invalid_token, for a token presented under the DPoP scheme, 401. */
    static Problem invalidToken(String slug, String detail) {
        return Problem.of(slug, "Unauthorized", 401, detail)
                .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\", error_description=\""
                        + BearerChallenge.quoted(detail) + "\"");
    }
}
