package io.bulwark.config;

import java.nio.file.Path;
import java.util.Objects;

/** A TLS identity on disk: a PEM certificate chain (leaf first) and its PEM private key (PKCS#8). */
public record TlsFiles(Path certificateChain, Path privateKey) {

    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
