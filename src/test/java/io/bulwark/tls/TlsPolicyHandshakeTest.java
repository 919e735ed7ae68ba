package io.bulwark.tls;

import io.bulwark.testing.OpenSslClient;
import static io.bulwark.tls.HttpsTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

import io.bulwark.config.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handshakes against a real Vert.x HTTPS server configured by {@link TlsPolicy}: what it accepts and what it refuses. */
class TlsPolicyHandshakeTest {

    @TempDir
    static Path tlsDir;

    private static Vertx vertx;
    private static DevCertificateAuthority ca;
    private static HttpsTestServer server;

    @BeforeAll
    static void startServer() {
        ca = DevCertificateAuthority.loadOrCreate(tlsDir);
        TlsFiles identity = ca.serverIdentity("server", List.of("localhost"), List.of("127.0.0.1"));
        vertx = Vertx.vertx();
        server = HttpsTestServer.start(vertx, TlsPolicy.server(identity));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        await(vertx.close());
    }

    @Test
    void jdkClientSpeaksTls13ByDefault() throws Exception {
        HttpResponse<String> response = get(TlsPolicy.jdkClientContext(ca.caCertificate()), null, server.port());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void jdkClientCanUseTls12WithEcdheEcdsaAes128Gcm() throws Exception {
        var parameters = new SSLParameters(
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"});

        HttpResponse<String> response = get(TlsPolicy.jdkClientContext(ca.caCertificate()), parameters, server.port());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(response.sslSession().orElseThrow().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void vertxClientGetsAnAnswer() {
        var client = vertx.createHttpClient(TlsPolicy.client(null, ca.caCertificate()));
        try {
            int status = await(client.request(HttpMethod.GET, server.port(), "localhost", "/")
                    .compose(request -> request.send())
                    .map(HttpClientResponse::statusCode));
            assertThat(status).isEqualTo(200);
        } finally {
            await(client.close());
        }
    }

    @Test
    void vertxClientRefusesACertificateForAnotherHost() {
        TlsFiles elsewhere = ca.serverIdentity("elsewhere", List.of("elsewhere.example"), List.of());
        var client = vertx.createHttpClient(TlsPolicy.client(null, ca.caCertificate()));
        try (var other = HttpsTestServer.start(vertx, TlsPolicy.server(elsewhere))) {
            assertThatThrownBy(() -> await(client.request(HttpMethod.GET, other.port(), "localhost", "/")
                    .compose(request -> request.send())))
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        } finally {
            await(client.close());
        }
    }

    @Test
    void jdkClientRefusesACertificateForAnotherHost() {
        TlsFiles elsewhere = ca.serverIdentity("elsewhere", List.of("elsewhere.example"), List.of());
        try (var other = HttpsTestServer.start(vertx, TlsPolicy.server(elsewhere))) {
            assertThatThrownBy(() -> get(TlsPolicy.jdkClientContext(ca.caCertificate()), null, other.port()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void serverRefusesTls11() {
        OpenSslClient.requireOpenSsl();

        var tls11 = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        // The same client and cipher list with TLS 1.2 get through, so it is the server that refused TLS 1.1.
        var tls12 = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_2", "-cipher", "DEFAULT:@SECLEVEL=0");

        assertThat(tls11.connected()).as(tls11.output()).isFalse();
        assertThat(tls11.output()).contains("alert protocol version");
        assertThat(tls12.connected()).as(tls12.output()).isTrue();
        assertThat(tls12.output()).contains("Protocol version: TLSv1.2");
    }

    @Test
    void serverRefusesTls12CbcSuites() {
        OpenSslClient.requireOpenSsl();

        var cbc = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256");
        var gcm = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");

        assertThat(cbc.connected()).as(cbc.output()).isFalse();
        assertThat(cbc.output()).contains("alert handshake failure");
        assertThat(gcm.connected()).as(gcm.output()).isTrue();
        assertThat(gcm.output()).contains("Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256");
    }

    @Test
    void serverRefusesTls12ChaCha20() {
        OpenSslClient.requireOpenSsl();
        // ChaCha20-Poly1305 is in the policy for TLS 1.3 only; OpenSSL's own defaults would take it in TLS 1.2.
        var chacha = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305");

        assertThat(chacha.connected()).as(chacha.output()).isFalse();
        assertThat(chacha.output()).contains("alert handshake failure");
    }

    @Test
    void serverRefusesTls13SuitesOutsideThePolicy() {
        OpenSslClient.requireOpenSsl();

        var ccm = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_SHA256");
        var gcm = OpenSslClient.connect(server.port(), ca.caCertificate(), "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384");

        assertThat(ccm.connected()).as(ccm.output()).isFalse();
        assertThat(gcm.connected()).as(gcm.output()).isTrue();
        assertThat(gcm.output()).contains("Ciphersuite: TLS_AES_256_GCM_SHA384");
    }

    @Test
    void serverRefusesTls12WithoutEcdhe(@TempDir Path rsaDir) throws Exception {
        OpenSslClient.requireOpenSsl();
        // With an EC certificate no non-ECDHE suite could ever be agreed, policy or not; an RSA
        // certificate makes static-RSA and DHE-RSA suites possible, so refusing them is the policy's doing.
        TlsFiles rsa = rsaIdentity(rsaDir);
        try (var rsaServer = HttpsTestServer.start(vertx, TlsPolicy.server(rsa))) {
            var staticRsa = OpenSslClient.connect(rsaServer.port(), rsa.certificateChain(), "-tls1_2", "-cipher", "AES128-GCM-SHA256");
            var dhe = OpenSslClient.connect(rsaServer.port(), rsa.certificateChain(), "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
            var ecdhe = OpenSslClient.connect(rsaServer.port(), rsa.certificateChain(), "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");

            assertThat(staticRsa.connected()).as(staticRsa.output()).isFalse();
            assertThat(staticRsa.output()).contains("alert handshake failure");
            assertThat(dhe.connected()).as(dhe.output()).isFalse();
            assertThat(dhe.output()).contains("alert handshake failure");
            assertThat(ecdhe.connected()).as(ecdhe.output()).isTrue();
        }
    }

    private static HttpResponse<String> get(SSLContext context, SSLParameters parameters, int port)
            throws IOException, InterruptedException {
        var builder = HttpClient.newBuilder().sslContext(context);
        if (parameters != null) {
            builder.sslParameters(parameters);
        }
        try (HttpClient client = builder.build()) {
            var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                    .timeout(java.time.Duration.ofSeconds(20))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A self-signed RSA certificate for localhost, made with openssl (the dev CA issues EC P-256 only). */
    private static TlsFiles rsaIdentity(Path directory) throws Exception {
        Path certificate = directory.resolve("rsa.pem");
        Path key = directory.resolve("rsa.key");
        Process process = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new TlsFiles(certificate, key);
    }
}
