package io.bulwark.config;

/** Reads a TLS identity: {@code certificate-chain} and {@code private-key}, both PEM files that must exist. */
final class TlsFilesReader {

    private TlsFilesReader() {
    }

    static TlsFiles read(ConfigNode node) {
        node.map("certificate-chain", "private-key");
        return new TlsFiles(
                node.get("certificate-chain")
                        .required("the PEM certificate chain, leaf first, for example `tls/server.crt`")
                        .existingFile(),
                node.get("private-key")
                        .required("the PEM (PKCS#8) private key of that certificate, for example `tls/server.key`")
                        .existingFile());
    }
}
