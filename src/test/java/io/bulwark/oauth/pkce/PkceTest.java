package io.bulwark.oauth.pkce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7636 S256 only: the RFC's own example, and every refusal. */
class PkceTest {

    /** RFC 7636 Appendix B. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void theRfcExampleVerifies() {
        assertThat(Pkce.challengeProblem(CHALLENGE, "S256")).isNull();
        assertThat(Pkce.verifies(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void anyOtherVerifierFails() {
        assertThat(Pkce.verifies(VERIFIER.substring(1) + "A", CHALLENGE)).isFalse();
        assertThat(Pkce.verifies(null, CHALLENGE)).isFalse();
        // The plain method would compare the verifier itself with the challenge: never accepted.
        assertThat(Pkce.verifies(CHALLENGE, CHALLENGE)).isFalse();
        // RFC 7636 §4.1: a verifier shorter than 43 characters is malformed, whatever it hashes to.
        assertThat(Pkce.verifies("short", CHALLENGE)).isFalse();
    }

    @Test
    void plainMissingAndMalformedChallengesAreRefused() {
        assertThat(Pkce.challengeProblem(CHALLENGE, "plain")).contains("must be S256");
        assertThat(Pkce.challengeProblem(CHALLENGE, null)).contains("must be S256");
        assertThat(Pkce.challengeProblem(CHALLENGE, "s256")).contains("must be S256");
        assertThat(Pkce.challengeProblem(null, "S256")).contains("code_challenge is required");
        assertThat(Pkce.challengeProblem(CHALLENGE + "A", "S256")).contains("43 characters");
        assertThat(Pkce.challengeProblem(CHALLENGE.replace('-', '+'), "S256")).contains("43 characters");
    }
}
