package io.bulwark.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;

/**
 * A server's trust in client certificates that takes any certificate at the handshake and leaves
 * the decision to the application, which sees the certificate per request: RFC 8705 binds tokens to
 * self-signed certificates (§2.2, §3) and checks the PKI ones against the client's registration (§2.1).
 *
 * <p>The handshake still proves that the client holds the certificate's private key (the TLS
 * CertificateVerify message); only the question "whose certificate is this?" moves to the application.
 */
final class ApplicationVerifiedClientCertificates extends ClientOnlyTrustManager {

    private static final X509Certificate[] ANY_AUTHORITY = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireLeaf(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        requireLeaf(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        requireLeaf(chain);
    }

    /** No authority named: RFC 8446 §4.2.4 makes the list optional, and an empty one lets clients send any certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return ANY_AUTHORITY;
    }

    private static void requireLeaf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            throw new CertificateException("the client sent an empty certificate chain");
        }
    }
}
