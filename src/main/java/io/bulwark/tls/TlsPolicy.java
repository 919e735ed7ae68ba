package io.bulwark.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.bulwark.config.TlsFiles;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The one place that says which TLS Bulwark speaks, and the server and client options that speak it:
 * TLS 1.3 and TLS 1.2, and in TLS 1.2 only ECDHE key exchange with AES-GCM.
 */
public final class TlsPolicy {

    /** The protocol versions Bulwark speaks, newest first; RFC 8996 retired TLS 1.0 and 1.1. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The cipher suites Bulwark accepts, in order of preference: first TLS 1.3's AEAD suites (RFC 8446
     * §9.1 makes AES-128-GCM mandatory), then TLS 1.2's ECDHE AES-GCM suites, which RFC 9325 §4.2
     * recommends. Left out on purpose: CBC suites (padding oracles such as Lucky Thirteen, and RFC 9325
     * prefers AEAD), static RSA (no forward secrecy, RFC 9325 §4.1) and finite-field DHE (in TLS 1.2
     * the server alone picks the group, weak ones included, RFC 7919 §1); draft-ietf-tls-deprecate-obsolete-kex
     * deprecates both key exchanges.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    // HTTP/2 preferred. RFC 9113 §9.2.2 bars it over TLS 1.2 from suites without ephemeral key
    // exchange or AEAD; the policy offers no such suite, so both versions can carry it.
    private static final List<HttpVersion> ALPN = List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1);

    private TlsPolicy() {
    }

    /** Options for an HTTPS server presenting {@code identity}, with HTTP/2 and HTTP/1.1 offered through ALPN. */
    public static HttpServerOptions server(TlsFiles identity) {
        Objects.requireNonNull(identity, "identity");
        var options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(pemKeyCert(identity))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(PROTOCOLS))
                .setUseAlpn(true)
                .setAlpnVersions(ALPN);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /**
     * As {@link #server}, but every client must present a certificate that chains to, or is itself, one
     * of the certificates in {@code trustedClientCertificatesPem}; a file holding one client
     * certificate admits that client and no other, not even another certificate from the same CA.
     */
    public static HttpServerOptions serverRequiringClientCertificate(TlsFiles identity, Path trustedClientCertificatesPem) {
        Objects.requireNonNull(trustedClientCertificatesPem, "trustedClientCertificatesPem");
        return server(identity)
                .setClientAuth(ClientAuth.REQUIRED)
                .setTrustOptions(TrustOptions.wrap(ClientCertificateTrustManager.fromPem(trustedClientCertificatesPem)));
    }

    /**
     * As {@link #server}, but clients are asked for a certificate, not required to send one, and any
     * certificate is taken at the handshake: the application reads it per request and decides what it
     * proves (RFC 8705 client authentication and certificate-bound tokens). Without a certificate, a
     * request is simply one without mTLS.
     */
    public static HttpServerOptions serverRequestingClientCertificate(TlsFiles identity) {
        return server(identity)
                .setClientAuth(ClientAuth.REQUEST)
                .setTrustOptions(TrustOptions.wrap(new ApplicationVerifiedClientCertificates()));
    }

    /**
     * Options for an HTTPS client that trusts the CAs in {@code trustedCaPem} and checks the server's
     * host name, presenting {@code clientIdentity} when a server asks for a certificate (none if null).
     */
    public static HttpClientOptions client(TlsFiles clientIdentity, Path trustedCaPem) {
        Objects.requireNonNull(trustedCaPem, "trustedCaPem");
        var options = new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(trustedCaPem.toString()))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(PROTOCOLS))
                .setUseAlpn(true)
                .setAlpnVersions(ALPN);
        options.getSslOptions().setHostnameVerificationAlgorithm("HTTPS");
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        if (clientIdentity != null) {
            options.setKeyCertOptions(keyCert(clientIdentity));
        }
        return options;
    }

    /** A JDK client context (for {@code java.net.http.HttpClient}) that trusts the CAs in {@code trustedCaPem}. */
    public static SSLContext jdkClientContext(Path trustedCaPem) {
        return jdkClientContext(null, trustedCaPem);
    }

    /**
     * As {@link #jdkClientContext(Path)}, presenting {@code clientIdentity} (none if null) when a server
     * asks for a certificate. Parameters passed to {@code HttpClient.Builder.sslParameters} replace the
     * policy's, so callers leave them unset, or set them from {@code getDefaultSSLParameters()}.
     */
    public static SSLContext jdkClientContext(TlsFiles clientIdentity, Path trustedCaPem) {
        Objects.requireNonNull(trustedCaPem, "trustedCaPem");
        try {
            KeyManager[] keys = clientIdentity == null ? null : new KeyManager[] {keyManager(clientIdentity)};
            TrustManager[] trust = {PkixTrust.trusting(PemFiles.readCertificates(trustedCaPem))};
            var context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return PolicySslContextSpi.restrict(context, PROTOCOLS, CIPHER_SUITES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot build a TLS client context", e);
        }
    }

    private static PemKeyCertOptions pemKeyCert(TlsFiles identity) {
        return new PemKeyCertOptions()
                .setCertPath(identity.certificateChain().toString())
                .setKeyPath(identity.privateKey().toString());
    }

    private static KeyCertOptions keyCert(TlsFiles identity) {
        return KeyCertOptions.wrap(keyManager(identity));
    }

    private static SingleIdentityKeyManager keyManager(TlsFiles identity) {
        return new SingleIdentityKeyManager(PemFiles.readPrivateKey(identity.privateKey()),
                PemFiles.readCertificates(identity.certificateChain()));
    }
}
