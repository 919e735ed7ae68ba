package io.bulwark.bench;

import io.bulwark.jose.CryptoProviders;

/** Sets a JMH fork's signature providers from its {@code crypto} parameter before anything signs or verifies. */
final class ForcedCrypto {

    private ForcedCrypto() {
    }

    /** Applies {@code crypto} ({@code auto} or {@code java}) and fails when the fork already chose otherwise. */
    static void apply(String crypto) {
        System.setProperty(CryptoProviders.PROPERTY, crypto);
        boolean wantNative = !crypto.equals("java");
        if (CryptoProviders.active().isNative() != wantNative) {
            throw new IllegalStateException("crypto=" + crypto + " but this fork uses " + CryptoProviders.active().describe());
        }
    }
}
