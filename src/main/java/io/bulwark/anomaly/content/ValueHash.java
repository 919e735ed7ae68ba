package io.bulwark.anomaly.content;

/**
 * Salted 64-bit hashes of field values, so an enumeration is recognised without the model file holding its values.
 * FNV-1a then the MurmurHash3 finalizer; not a secret-keeping hash, which is why credential fields are never hashed.
 */
final class ValueHash {

    private ValueHash() {
    }

    /** A non-zero hash of {@code value} under {@code salt}. */
    static long of(long salt, String value) {
        long h = fnv(0xcbf29ce484222325L ^ salt, value);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    static long fnv(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
