package io.bulwark.oauth.mtls;

import io.bulwark.digest.Sha256;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** The {@code x5t#S256} of RFC 8705 §3.1: base64url (no padding) of the SHA-256 of the certificate's DER encoding. */
public final class CertificateThumbprint {

    private CertificateThumbprint() {
    }

    public static String sha256(X509Certificate certificate) {
        try {
            return Sha256.base64Url(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be DER-encoded", e);
        }
    }
}
