package io.bulwark.oauth.mtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** The {@code x5t#S256} of RFC 8705 §3.1: base64url (no padding) of the SHA-256 of the certificate's DER encoding. */
public final class CertificateThumbprint {

    private CertificateThumbprint() {
    }

    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be DER-encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
