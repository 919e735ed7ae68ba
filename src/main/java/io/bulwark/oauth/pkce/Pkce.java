package io.bulwark.oauth.pkce;

import io.bulwark.digest.ConstantTime;
import io.bulwark.digest.Sha256;
import io.bulwark.oauth.core.SecretTokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 with the S256 method only: checks a challenge when it is pushed and a verifier when the code is redeemed. */
public final class Pkce {

    /** The only code_challenge_method accepted (FAPI 2.0 SP §5.3.2.2; RFC 7636 §4.2). */
    public static final String S256 = "S256";

    // RFC 7636 §4.2: BASE64URL(SHA256(verifier)), which is always 43 characters without padding.
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    // RFC 7636 §4.1: code-verifier = 43*128unreserved.
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {
    }

    /** Why {@code challenge} with {@code method} is refused, or null when it is acceptable. */
    public static String challengeProblem(String challenge, String method) {
        if (challenge == null) {
            // FAPI 2.0 SP §5.3.2.2: PKCE with S256 is required, so a request without a challenge is refused.
            return "code_challenge is required (PKCE, RFC 7636, with code_challenge_method=S256)";
        }
        // RFC 7636 §4.3: an omitted method means plain, which FAPI 2.0 SP forbids; so does any other method.
        if (!S256.equals(method)) {
            return "code_challenge_method must be S256; `plain` and an omitted method are refused";
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            return "code_challenge must be the base64url SHA-256 of the code verifier (43 characters)";
        }
        return null;
    }

    /** Whether {@code verifier} is well formed and hashes to {@code challenge} (RFC 7636 §4.6). */
    public static boolean verifies(String verifier, String challenge) {
        if (verifier == null || challenge == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(verifier.getBytes(StandardCharsets.US_ASCII)));
        return ConstantTime.equal(computed, challenge);
    }
}
