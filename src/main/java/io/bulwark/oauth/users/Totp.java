package io.bulwark.oauth.users;

import io.bulwark.digest.ConstantTime;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as authenticator apps make them:
 * HMAC-SHA1, 30-second steps, 6 digits; one step either side is accepted for clock drift.
 */
public final class Totp {

    /** RFC 6238 §4.1: X, the step, 30 seconds by default. */
    public static final long STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    /** RFC 6238 §5.2: at most one step back (and, for a fast client clock, one ahead). */
    public static final int WINDOW = 1;
    /** RFC 4226 §4 R6: a shared secret of at least 128 bits; 160 is the recommended HMAC-SHA1 length. */
    public static final int SECRET_BYTES = 20;

    private static final Pattern CODE = Pattern.compile("[0-9]{" + DIGITS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    /** A fresh random secret. */
    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The time step {@code at} falls in (RFC 6238 §4.2, T0 = 0). */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code step}, zero-padded to {@link #DIGITS} digits. */
    public static String code(byte[] secret, long step) {
        byte[] hmac;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hmac = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
        // RFC 4226 §5.3: dynamic truncation.
        int offset = hmac[hmac.length - 1] & 0x0f;
        int binary = ((hmac[offset] & 0x7f) << 24) | ((hmac[offset + 1] & 0xff) << 16)
                | ((hmac[offset + 2] & 0xff) << 8) | (hmac[offset + 3] & 0xff);
        int otp = binary % 1_000_000;
        return String.format("%06d", otp);
    }

    /** The step within the window around {@code now} whose code is {@code code}, if any. */
    public static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = Long.MIN_VALUE;
        // Every candidate is computed and compared, in constant time, whichever one matches.
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            if (ConstantTime.equal(code(secret, step), code)) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /**
     * The {@code otpauth://} URI authenticator apps read (often from a QR code): Key Uri Format,
     * with the issuer both as label prefix and as parameter.
     */
    public static String otpauthUri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
