package io.bulwark.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server's trust in client certificates: the JDK's PKIX checks against a PEM file of CA
 * certificates and pinned client certificates, naming only the CAs in certificate requests.
 *
 * <p>The JDK accepts a pinned leaf as its own trust anchor, but by default would name the leaf's
 * subject as an acceptable authority; JDK and Vert.x clients then look for a certificate issued by
 * that name, find none, and send nothing. Naming no authority for a pin is allowed (RFC 8446 §4.2.4
 * makes the list optional; RFC 5246 §7.4.4 lets an empty list mean "any"), and lets them present it.
 */
final class ClientCertificateTrustManager extends ClientOnlyTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final X509Certificate[] authorities;

    private ClientCertificateTrustManager(X509ExtendedTrustManager pkix, X509Certificate[] authorities) {
        this.pkix = pkix;
        this.authorities = authorities;
    }

    /** Trust in the certificates of {@code pem}: CAs admit what they issued, any other certificate admits itself. */
    static ClientCertificateTrustManager fromPem(Path pem) {
        List<X509Certificate> trusted = PemFiles.readCertificates(pem);
        X509Certificate[] authorities = trusted.stream()
                .filter(certificate -> certificate.getBasicConstraints() >= 0)
                .toArray(X509Certificate[]::new);
        return new ClientCertificateTrustManager(PkixTrust.trusting(trusted), authorities);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.clone();
    }
}
