package io.bulwark.demo.traffic;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Independent random streams from one seed, one per purpose, so that changing how attacks are drawn never changes the
 * normal traffic. A named algorithm: the same seed gives the same traffic on every JDK.
 */
final class Seeds {

    private Seeds() {
    }

    static RandomGenerator random(long seed, String purpose) {
        long mixed = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            mixed = (mixed ^ b) * 0x100000001B3L;
        }
        // SplitMix64's finaliser spreads nearby seeds apart.
        mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
        mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
        return RandomGeneratorFactory.of("L64X128MixRandom").create(mixed ^ (mixed >>> 31));
    }
}
