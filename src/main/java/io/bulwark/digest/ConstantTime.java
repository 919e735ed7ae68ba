package io.bulwark.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The one comparison of secrets and their hashes: in time that does not depend on where they first differ. */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** Whether {@code expected} and {@code presented} are equal; false when either is null. */
    public static boolean equal(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
