package io.bulwark.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Set;

/**
 * The one spelling of a compact JWS: every part in canonical base64url and, for the JWSs Bulwark signs itself, ES256
 * signatures in their low-S form; so that caches, replay guards and logs never meet two spellings of one token.
 */
public final class CanonicalJws {

    // RFC 7515 §2: base64url "with all trailing '=' characters omitted" and no other characters (canonicalBase64Url).
    // The order n of P-256 (SEC 2 §2.4.2); S and n - S both verify, so only S <= n/2 is the canonical one.
    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger HALF_ORDER = P256_ORDER.shiftRight(1);
    private static final int ES256_SCALAR_BYTES = 32;

    private CanonicalJws() {
    }

    /**
     * True when each of a compact JWS's {@code parts} (as sent) is canonical base64url: no padding, nothing outside the
     * alphabet, and no non-zero trailing bits (RFC 4648 §3.5: such bits would let one value be spelled several ways).
     */
    public static boolean encodedCanonically(String[] parts) {
        for (String part : parts) {
            if (!canonicalBase64Url(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code text} is the one base64url spelling of the bytes it decodes to. A loop rather than a regular
     * expression and a decode-and-encode round trip: it runs on every JWS the gateway sees (5 % of a request's CPU before).
     */
    static boolean canonicalBase64Url(String text) {
        int length = text.length();
        // RFC 4648 §5 without padding: a last group of 2 or 3 characters, never 1.
        if (length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = 0; i < length; i++) {
            last = sextet(text.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        // RFC 4648 §3.5: the bits of the last character beyond the encoded bytes must be zero (4 of them after one
        // byte, 2 after two), or other characters would spell the same bytes.
        return switch (length % 4) {
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    /** True unless {@code jwt} is ES256 with a signature whose S is above n/2 (its other, high-S, spelling). */
    public static boolean lowS(SignedJWT jwt) {
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            return true;
        }
        byte[] signature = jwt.getSignature().decode();
        return signature.length == 2 * ES256_SCALAR_BYTES
                && new BigInteger(1, Arrays.copyOfRange(signature, ES256_SCALAR_BYTES, signature.length)).compareTo(HALF_ORDER) <= 0;
    }

    /** An ES256 signer whose signatures are always low-S, for the JWSs Bulwark issues, through {@link CryptoProviders#active()}. */
    public static JWSSigner lowSSigner(ECKey key) throws JOSEException {
        return lowSSigner(key, CryptoProviders.active());
    }

    static JWSSigner lowSSigner(ECKey key, CryptoProviders providers) throws JOSEException {
        ECDSASigner ecdsa;
        try {
            // Translated once into the provider's own key type, so that no signature pays for converting it again.
            PrivateKey translated = (PrivateKey) KeyFactory.getInstance("EC", providers.ecdsaSigning()).translateKey(key.toECPrivateKey());
            ecdsa = new ECDSASigner(translated, Curve.P_256);
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the signing provider cannot take this EC key", e);
        }
        ecdsa.getJCAContext().setProvider(providers.ecdsaSigning());
        return new JWSSigner() {
            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                return toLowS(ecdsa.sign(header, signingInput));
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return ecdsa.supportedJWSAlgorithms();
            }

            @Override
            public JCAContext getJCAContext() {
                return ecdsa.getJCAContext();
            }
        };
    }

    /** {@code signature} (R || S) with S replaced by n - S when it is high; the same signature, canonically spelled. */
    static Base64URL toLowS(Base64URL signature) {
        byte[] bytes = signature.decode();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, ES256_SCALAR_BYTES, bytes.length));
        if (bytes.length != 2 * ES256_SCALAR_BYTES || s.compareTo(HALF_ORDER) <= 0) {
            return signature;
        }
        byte[] low = P256_ORDER.subtract(s).toByteArray();
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        Arrays.fill(out, ES256_SCALAR_BYTES, out.length, (byte) 0);
        int length = Math.min(low.length, ES256_SCALAR_BYTES);
        System.arraycopy(low, low.length - length, out, out.length - length, length);
        return Base64URL.encode(out);
    }
}
