package io.bulwark.oauth.dpop;

import io.bulwark.digest.HmacSha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9) without server state: a nonce is a time step and an
 * HMAC over it under a key every node derives from the shared master key, so any node accepts any
 * other node's nonce. A nonce is good for its own step and the one after (and a step ahead, for a
 * node whose clock runs a little fast): between {@link #STEP} and twice that.
 */
public final class DpopNonces {

    /** How often the current nonce changes. */
    public static final Duration STEP = Duration.ofMinutes(2);

    private static final int MAC_BYTES = 16;

    private final SecretKey key;
    private final InstantSource clock;

    /** @param key an HMAC-SHA256 key, the same on every node that must accept the same nonces */
    public DpopNonces(SecretKey key, InstantSource clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The nonce to hand out now. */
    public String current() {
        return encode(step());
    }

    /** True when {@code nonce} was made by a node with this key, for the current, previous or next step. */
    public boolean accepts(String nonce) {
        if (nonce == null) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (decoded.length != Long.BYTES + MAC_BYTES) {
            return false;
        }
        long step = ByteBuffer.wrap(decoded).getLong();
        long now = step();
        if (step < now - 1 || step > now + 1) {
            return false;
        }
        // Constant-time comparison: a byte-by-byte early exit would let a caller find the MAC byte by byte.
        return MessageDigest.isEqual(Arrays.copyOfRange(decoded, Long.BYTES, decoded.length), mac(step));
    }

    private long step() {
        return Math.floorDiv(clock.instant().getEpochSecond(), STEP.toSeconds());
    }

    private String encode(long step) {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + MAC_BYTES);
        buffer.putLong(step).put(mac(step));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private byte[] mac(long step) {
        return Arrays.copyOf(HmacSha256.of(key, ByteBuffer.allocate(Long.BYTES).putLong(step).array()), MAC_BYTES);
    }
}
