package io.bulwark.digest;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** HMAC-SHA256 (RFC 2104) under a key: the audit chain's links and anchor, DPoP nonces, keys derived from the master key. */
public final class HmacSha256 {

    private HmacSha256() {
    }

    /** The HMAC-SHA256 of {@code parts}, one after the other, under {@code key}. */
    public static byte[] of(SecretKey key, byte[]... parts) {
        Mac hmac;
        try {
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this key cannot be used for HmacSHA256", e);
        }
        for (byte[] part : parts) {
            hmac.update(part);
        }
        return hmac.doFinal();
    }
}
