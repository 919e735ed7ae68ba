package io.bulwark.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** A trust manager for a server's listener: it judges client certificates and refuses to judge servers. */
abstract class ClientOnlyTrustManager extends X509ExtendedTrustManager {

    private static final String CLIENTS_ONLY = "this trust manager checks client certificates only";

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException(CLIENTS_ONLY);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException(CLIENTS_ONLY);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException(CLIENTS_ONLY);
    }
}
