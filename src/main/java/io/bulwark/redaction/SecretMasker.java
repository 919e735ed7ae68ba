package io.bulwark.redaction;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secrets and personal data in free text (a log message, an exception's message, a form body, a JSON document):
 * PEM private keys, the private members of JWKs, bearer and DPoP tokens, JWTs, credentials in {@code key=value} or JSON
 * form (passwords, one-time codes, client secrets and assertions, tokens), the fields the API contracts classify
 * ({@link SensitiveFieldNames}) and Luhn-valid card numbers ({@link CardNumbers}). A single pass over the characters
 * decides which rules can apply, so text that holds none of their markers is returned as it is, without regex work.
 */
public final class SecretMasker {

    /** What replaces a masked value. */
    public static final String MASK = "[masked]";

    // RFC 7468 §2: the label names the key type; any PRIVATE KEY block is secret, to its end (or the end of the text).
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----.*?(?:-----END \\1-----|$)", Pattern.DOTALL);
    // RFC 6750 §2.1 and RFC 9449 §7.1: the credentials after the scheme (token68); 16 characters at least, so that the
    // words that follow "DPoP" in prose ("DPoP proof") stay readable.
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|dpop)(\\s+)[A-Za-z0-9\\-._~+/]{16,}=*");
    // Three base64url segments, the first a JSON header ("eyJ" is base64url of '{"'): a JWS, or a JWE's first three.
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    /** Credentials by name, whatever the API: RFC 6749 §2.3.1, §4.1.3, §6; RFC 7521 §4.2; RFC 7636 §4.5; RFC 7009 §2.1. */
    static final Set<String> CREDENTIAL_NAMES = Set.of("password", "passwd", "pwd", "new_password", "current_password",
            "otp", "totp", "totp_code", "one_time_code", "client_secret", "client_assertion", "code_verifier", "access_token",
            "refresh_token", "id_token", "token", "assertion", "subject_token", "actor_token", "secret", "private_key",
            "api_key", "apikey", "authorization");
    // RFC 7518 §6.2.2 and §6.3.2, RFC 8037 §2: the private members of EC, RSA and OKP keys; §6.4.1: a symmetric key.
    // Short names, so only as JSON members ("d": …), never as d=… in prose.
    private static final Set<String> JWK_PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "k", "oth");
    private static final KeyValues.SecretName SECRET_NAMES = KeyValues.of(CREDENTIAL_NAMES, JWK_PRIVATE_MEMBERS,
            name -> SensitiveFieldNames.normalizedNames().contains(name));

    private SecretMasker() {
    }

    /**
     * {@code text} with every secret this class knows masked; the same instance when there is none. Text with
     * percent-encoding is judged decoded too, and returned decoded (and masked) when the decoding hid a secret.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = maskAsWritten(text);
        if (text.indexOf('%') >= 0) {
            String decoded = PercentDecoded.of(masked);
            String maskedDecoded = maskAsWritten(decoded);
            if (!maskedDecoded.equals(decoded)) {
                return maskedDecoded;
            }
        }
        return masked;
    }

    private static String maskAsWritten(String text) {
        Markers markers = Markers.of(text);
        if (!markers.any()) {
            return text;
        }
        String masked = text;
        if (markers.pem) {
            masked = PEM_PRIVATE_KEY.matcher(masked).replaceAll("[private key]");
        }
        if (markers.quoteOrEquals) {
            masked = KeyValues.mask(masked, SECRET_NAMES);
        }
        if (markers.scheme) {
            masked = AUTHORIZATION.matcher(masked).replaceAll("$1$2" + MASK);
        }
        if (markers.jwt) {
            masked = JWT.matcher(masked).replaceAll("[jwt]");
        }
        if (markers.digits) {
            masked = CardNumbers.maskLuhnValid(masked);
        }
        return masked.equals(text) ? text : masked;
    }

    /** Which rules can apply, found in one pass over the text. */
    private record Markers(boolean pem, boolean quoteOrEquals, boolean scheme, boolean jwt, boolean digits) {

        static Markers of(String text) {
            boolean pem = false;
            boolean quoteOrEquals = false;
            boolean scheme = false;
            boolean jwt = false;
            int length = text.length();
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                switch (c) {
                    // A name=value, or a quoted name (JSON, "name": value): a bare colon alone is prose.
                    case '=', '"', '\'' -> quoteOrEquals = true;
                    case '-' -> pem |= text.startsWith("-----BEGIN", i);
                    case 'e' -> jwt |= text.startsWith("eyJ", i);
                    case 'b', 'B' -> scheme |= text.regionMatches(true, i, "bearer", 0, 6);
                    case 'd', 'D' -> scheme |= text.regionMatches(true, i, "dpop", 0, 4);
                    default -> {
                    }
                }
            }
            return new Markers(pem, quoteOrEquals, scheme, jwt, CardNumbers.mayHold(text));
        }

        boolean any() {
            return pem || quoteOrEquals || scheme || jwt || digits;
        }
    }
}
