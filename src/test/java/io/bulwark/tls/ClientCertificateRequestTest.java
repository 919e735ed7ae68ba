package io.bulwark.tls;

import static io.bulwark.tls.HttpsTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import io.bulwark.config.TlsFiles;
import io.bulwark.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listener policy of the authorization server and the gateway: a client certificate is asked
 * for, not required, and any certificate (self-signed, or from an unknown CA) reaches the
 * application, which decides what it proves (RFC 8705).
 */
class ClientCertificateRequestTest {

    @TempDir
    static Path tlsDir;

    private static Vertx vertx;
    private static DevCertificateAuthority ca;
    private static HttpsTestServer server;

    @BeforeAll
    static void startServer() {
        ca = DevCertificateAuthority.loadOrCreate(tlsDir);
        TlsFiles serverIdentity = ca.serverIdentity("server", List.of("localhost"), List.of("127.0.0.1"));
        vertx = Vertx.vertx();
        server = HttpsTestServer.start(vertx, TlsPolicy.serverRequestingClientCertificate(serverIdentity));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        await(vertx.close());
    }

    @Test
    void aClientWithoutCertificateIsServed() throws Exception {
        assertThat(get(TlsPolicy.jdkClientContext(ca.caCertificate()), null).body()).isEqualTo("anonymous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aCertificateFromTheCaReachesTheApplication(String protocol) throws Exception {
        TlsFiles client = ca.clientIdentity("client", "ca-client");
        assertThat(get(TlsPolicy.jdkClientContext(client, ca.caCertificate()), protocol).body()).isEqualTo("CN=ca-client,O=Bulwark");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aSelfSignedCertificateReachesTheApplicationEvenFromAStockJdkClient(String protocol) throws Exception {
        // The server names no authority, so a stock key manager presents a certificate no CA issued.
        TlsFiles selfSigned = TestCertificates.selfSigned(tlsDir.resolve("self"), "self", "self-signed");
        assertThat(get(stockJdkContext(selfSigned), protocol).body()).isEqualTo("CN=self-signed");
    }

    @Test
    void theServerStillSpeaksOnlyThePolicysProtocolsAndSuites() {
        var options = TlsPolicy.serverRequestingClientCertificate(ca.serverIdentity("server", List.of("localhost"), List.of()));
        assertThat(options.getEnabledSecureTransportProtocols()).containsExactlyInAnyOrderElementsOf(TlsPolicy.PROTOCOLS);
        assertThat(options.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(TlsPolicy.CIPHER_SUITES);
        assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUEST);
    }

    private static HttpResponse<String> get(SSLContext context, String protocol) throws Exception {
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).sslParameters(parameters).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (protocol != null) {
                assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
            }
            return response;
        }
    }

    /** A context built as a stock Java client builds one: a key store and the JDK's default key manager; trusting the dev CA. */
    private static SSLContext stockJdkContext(TlsFiles identity) throws Exception {
        char[] password = "changeit".toCharArray();
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", PemFiles.readPrivateKey(identity.privateKey()), password,
                PemFiles.readCertificates(identity.certificateChain()).toArray(X509Certificate[]::new));
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {PkixTrust.trusting(PemFiles.readCertificates(ca.caCertificate()))},
                null);
        return context;
    }
}
