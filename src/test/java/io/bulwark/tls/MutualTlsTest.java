package io.bulwark.tls;

import static io.bulwark.tls.HttpsTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import javax.net.ssl.TrustManagerFactory;

import io.bulwark.config.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mutual TLS against a real Vert.x server: a trust file holding one client certificate admits that client only. */
class MutualTlsTest {

    @TempDir
    static Path tlsDir;

    private static Vertx vertx;
    private static DevCertificateAuthority ca;
    private static TlsFiles serverIdentity;
    private static TlsFiles pinned;
    private static TlsFiles sibling;
    private static HttpsTestServer pinningServer;

    @BeforeAll
    static void startServer() {
        ca = DevCertificateAuthority.loadOrCreate(tlsDir);
        serverIdentity = ca.serverIdentity("server", List.of("localhost"), List.of("127.0.0.1"));
        pinned = ca.clientIdentity("pinned", "pinned-client");
        sibling = ca.clientIdentity("sibling", "sibling-client");
        Path trusted = tlsDir.resolve("trusted-clients.pem");
        PemFiles.writeCertificates(trusted, List.of(leaf(pinned)));
        vertx = Vertx.vertx();
        pinningServer = HttpsTestServer.start(vertx, TlsPolicy.serverRequiringClientCertificate(serverIdentity, trusted));
    }

    @AfterAll
    static void stopServer() {
        pinningServer.close();
        await(vertx.close());
    }

    @Test
    void clientWithoutCertificateCannotCompleteARequest() {
        assertThatThrownBy(() -> get(TlsPolicy.jdkClientContext(ca.caCertificate()), pinningServer.port()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void anotherCertificateFromTheSameCaIsRefused() {
        assertThatThrownBy(() -> get(TlsPolicy.jdkClientContext(sibling, ca.caCertificate()), pinningServer.port()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pinnedClientCertificateIsAdmitted() throws Exception {
        HttpResponse<String> response = get(TlsPolicy.jdkClientContext(pinned, ca.caCertificate()), pinningServer.port());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("CN=pinned-client,O=Bulwark");
    }

    @Test
    void pinnedClientIsAdmittedOverTls12Too() {
        var options = TlsPolicy.client(pinned, ca.caCertificate())
                .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2"));

        assertThat(vertxGet(options, pinningServer.port())).isEqualTo("CN=pinned-client,O=Bulwark");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void pinnedClientWithTheJdksOwnKeyManagerIsAdmitted(String protocol) throws Exception {
        // A partner's stock Java client picks its certificate by the authorities the server names;
        // the server names none for a pinned leaf, so the stock client still presents it.
        var parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});

        HttpResponse<String> response = get(stockJdkContext(pinned), parameters, pinningServer.port());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
        assertThat(response.body()).isEqualTo("CN=pinned-client,O=Bulwark");
    }

    @Test
    void trustingTheCaAdmitsEveryClientItIssued() {
        HttpServerOptions options = TlsPolicy.serverRequiringClientCertificate(serverIdentity, ca.caCertificate());
        try (var caServer = HttpsTestServer.start(vertx, options)) {
            assertThat(vertxGet(TlsPolicy.client(pinned, ca.caCertificate()), caServer.port()))
                    .isEqualTo("CN=pinned-client,O=Bulwark");
            assertThat(vertxGet(TlsPolicy.client(sibling, ca.caCertificate()), caServer.port()))
                    .isEqualTo("CN=sibling-client,O=Bulwark");
        }
    }

    private static String vertxGet(io.vertx.core.http.HttpClientOptions options, int port) {
        var client = vertx.createHttpClient(options);
        try {
            return await(client.request(HttpMethod.GET, port, "localhost", "/")
                    .compose(request -> request.send())
                    .compose(HttpClientResponse::body)
                    .map(Object::toString));
        } finally {
            await(client.close());
        }
    }

    private static HttpResponse<String> get(SSLContext context, int port) throws IOException, InterruptedException {
        return get(context, context.getDefaultSSLParameters(), port);
    }

    private static HttpResponse<String> get(SSLContext context, SSLParameters parameters, int port)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).sslParameters(parameters).build()) {
            var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                    .timeout(Duration.ofSeconds(20))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static X509Certificate leaf(TlsFiles identity) {
        return PemFiles.readCertificates(identity.certificateChain()).getFirst();
    }

    /** A context built the way a stock Java client builds one: key and trust stores and the JDK's default factories. */
    private static SSLContext stockJdkContext(TlsFiles identity) throws Exception {
        char[] password = "changeit".toCharArray();
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", PemFiles.readPrivateKey(identity.privateKey()), password,
                PemFiles.readCertificates(identity.certificateChain()).toArray(X509Certificate[]::new));
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.readCertificates(ca.caCertificate()).getFirst());
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
