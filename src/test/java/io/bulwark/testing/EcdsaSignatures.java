package io.bulwark.testing;

import com.nimbusds.jose.util.Base64URL;

import java.math.BigInteger;
import java.util.Arrays;

/** ES256 signatures made malleable on purpose: the high-S twin of a valid signature, which verifies just as well. */
public final class EcdsaSignatures {

    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private EcdsaSignatures() {
    }

    /** {@code signature} (base64url R || S) with S replaced by n - S: the other valid signature of the same input. */
    public static String flipS(String signature) {
        byte[] bytes = new Base64URL(signature).decode();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        byte[] flipped = P256_ORDER.subtract(s).toByteArray();
        byte[] out = Arrays.copyOf(bytes, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        int length = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - length, out, 64 - length, length);
        return Base64URL.encode(out).toString();
    }

    /** Whether S of {@code signature} is above n/2. */
    public static boolean highS(String signature) {
        byte[] bytes = new Base64URL(signature).decode();
        return new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64)).compareTo(P256_ORDER.shiftRight(1)) > 0;
    }
}
