package io.bulwark.oauth.http;

import io.vertx.core.http.HttpServerRequest;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The certificate chain a client presented in the TLS handshake of a request, as Vert.x reports it per connection (the
 * authorization server's endpoints and the management listener read it).
 */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    /** The chain, leaf first; empty when the client presented no certificate. */
    public static List<X509Certificate> of(HttpServerRequest request) {
        if (!request.isSSL() || request.connection().sslSession() == null) {
            return List.of();
        }
        try {
            List<Certificate> chain = request.connection().peerCertificates();
            if (chain == null) {
                return List.of();
            }
            return chain.stream().filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
