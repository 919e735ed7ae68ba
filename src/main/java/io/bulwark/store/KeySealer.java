package io.bulwark.store;

/**
 * Seals secrets for storage at rest (AES-256-GCM under the master key) and opens them again.
 * The {@code context} (for example a key id) is bound as associated data, so a sealed value
 * copied onto another row does not open.
 */
public interface KeySealer {

    String seal(String plaintext, String context);

    /** @throws IllegalStateException when the value was not sealed under this master key or was altered */
    String open(String sealed, String context);
}
