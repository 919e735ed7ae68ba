package io.bulwark.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.bulwark.config.TlsFiles;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options {@link TlsPolicy} returns carry exactly its protocols and suites, and its client checks host names. */
class TlsPolicyTest {

    /**
     * Written out rather than read from {@link TlsPolicy#CIPHER_SUITES}, so that a suite added to or
     * dropped from the policy by mistake fails here: TLS 1.3 AEAD first (RFC 8446 §9.1), then TLS 1.2
     * ECDHE with AES-GCM (RFC 9325 §4.2); no CBC, static RSA or finite-field DHE.
     */
    private static final List<String> EXPECTED_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    @TempDir
    Path tlsDir;

    @Test
    void serverOptionsCarryExactlyThePolicy() {
        TlsFiles identity = DevCertificateAuthority.loadOrCreate(tlsDir).serverIdentity("server", List.of("localhost"), List.of());

        HttpServerOptions options = TlsPolicy.server(identity);

        assertThat(options.isSsl()).isTrue();
        assertThat(options.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(options.getEnabledCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
        assertThat(options.isUseAlpn()).isTrue();
        assertThat(options.getAlpnVersions()).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1);
        assertThat(options.getClientAuth()).isEqualTo(ClientAuth.NONE);
    }

    @Test
    void mutualTlsServerRequiresAClientCertificate() {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(tlsDir);
        TlsFiles identity = ca.serverIdentity("server", List.of("localhost"), List.of());

        HttpServerOptions options = TlsPolicy.serverRequiringClientCertificate(identity, ca.caCertificate());

        assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        assertThat(options.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(options.getEnabledCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
    }

    @Test
    void clientOptionsCarryThePolicyAndVerifyTheHost() {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(tlsDir);

        HttpClientOptions anonymous = TlsPolicy.client(null, ca.caCertificate());
        HttpClientOptions identified = TlsPolicy.client(ca.clientIdentity("client", "client"), ca.caCertificate());

        for (HttpClientOptions options : List.of(anonymous, identified)) {
            assertThat(options.isSsl()).isTrue();
            assertThat(options.isVerifyHost()).isTrue();
            assertThat(options.isTrustAll()).isFalse();
            assertThat(options.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
            assertThat(options.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(options.getEnabledCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
        }
        assertThat(anonymous.getKeyCertOptions()).isNull();
        assertThat(identified.getKeyCertOptions()).isNotNull();
    }

    @Test
    void jdkContextDefaultsAndEnginesSpeakOnlyThePolicy() {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(tlsDir);

        for (SSLContext context : List.of(TlsPolicy.jdkClientContext(ca.caCertificate()),
                TlsPolicy.jdkClientContext(ca.clientIdentity("client", "client"), ca.caCertificate()))) {
            var defaults = context.getDefaultSSLParameters();
            assertThat(defaults.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(defaults.getCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
            assertThat(defaults.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");

            var engine = context.createSSLEngine("localhost", 443);
            assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(engine.getEnabledCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
            assertThat(context.getSocketFactory().getDefaultCipherSuites()).containsExactlyElementsOf(EXPECTED_SUITES);
        }
    }

    @Test
    void everyPolicySuiteIsOneTheJdkImplements() throws Exception {
        var engine = SSLContext.getDefault().createSSLEngine();

        assertThat(engine.getSupportedCipherSuites()).contains(EXPECTED_SUITES.toArray(String[]::new));
        assertThat(engine.getSupportedProtocols()).contains("TLSv1.3", "TLSv1.2");
    }
}
