package io.bulwark.oauth.jwks;

import io.bulwark.testing.TestClients;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.testing.JwtFactory;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client registered by {@code jwks_uri} (RFC 7591 §2) authenticates with keys the authorization
 * server fetches over real HTTPS from the client's own server: a rotated key is picked up, random
 * key ids do not make it fetch for every assertion, and a server that fails means no authentication.
 */
class ClientJwksUriTest {

    private static final String ISSUER = "https://as.example";
    private static final Duration SHORT_REFETCH_INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ECKey first = JwtFactory.ecKey("first");
    private final ECKey second = JwtFactory.ecKey("second");
    private final AtomicReference<String> published = new AtomicReference<>(new JWKSet(first.toPublicJWK()).toString());
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private Vertx vertx;
    private JdbcStore store;
    private HttpsJwksRetriever retriever;
    private ClientAssertionVerifier verifier;

    @BeforeEach
    void start() {
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(TlsPolicy.server(ca.serverIdentity("client-keys", List.of("localhost"), List.of())))
                .requestHandler(request -> {
                    fetches.incrementAndGet();
                    request.response().setStatusCode(status.get()).putHeader("Content-Type", "application/jwk-set+json").end(published.get());
                });
        int port = server.listen(0, "localhost").toCompletionStage().toCompletableFuture().join().actualPort();

        store = JdbcStore.embedded(dir.resolve("store"), Clock.systemUTC());
        store.clients().save(TestClients.client("remote")
                .jwksUri(URI.create("https://localhost:" + port + "/jwks.json")).scopes("accounts:read").createdAt(Instant.now())
                .grantTypes(Set.of(RegisteredClient.CLIENT_CREDENTIALS)).build());
        retriever = new HttpsJwksRetriever(
                HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(ca.caCertificate())).build(), Duration.ofSeconds(5));
        verifier = verifier(SHORT_REFETCH_INTERVAL);
    }

    private ClientAssertionVerifier verifier(Duration refetchInterval) {
        ClientKeys keys = new ClientKeys(uri -> {
            try {
                return RemoteJwks.source(uri.toURL(), retriever, Duration.ofMinutes(5), refetchInterval);
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        });
        return new ClientAssertionVerifier(ISSUER, store.clients(), new InMemoryReplayGuard(Clock.systemUTC()), Clock.systemUTC(), keys);
    }

    @AfterEach
    void stop() {
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Map<String, String> assertionBy(ECKey key) {
        Instant now = Instant.now();
        String assertion = JwtFactory.sign(key, JWSAlgorithm.ES256, null, new JWTClaimsSet.Builder().issuer("remote").subject("remote")
                .audience(ISSUER).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build());
        return Map.of("client_assertion_type", ClientAssertionVerifier.JWT_BEARER, "client_assertion", assertion);
    }

    private void assertRefused(Map<String, String> params) {
        assertThatThrownBy(() -> verifier.authenticate(params)).isInstanceOfSatisfying(OAuthError.class,
                e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    @Test
    void keysAreFetchedFromTheClientsServerAndCached() {
        assertThat(verifier.authenticate(assertionBy(first)).clientId()).isEqualTo("remote");
        assertThat(verifier.authenticate(assertionBy(first)).clientId()).isEqualTo("remote");
        assertThat(fetches).as("the second assertion is verified from the cache").hasValue(1);
        assertRefused(assertionBy(JwtFactory.ecKey("first")));
    }

    @Test
    void aKeyTheClientRotatesInIsPickedUpByItsNewKid() throws Exception {
        verifier.authenticate(assertionBy(first));
        published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
        Thread.sleep(SHORT_REFETCH_INTERVAL.toMillis() + 200);
        assertThat(verifier.authenticate(assertionBy(second)).clientId()).isEqualTo("remote");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void assertionsNamingRandomKidsDoNotMakeTheServerFetchForEachOne() {
        // A minute between fetches, as in production's 10 s, so that a slow machine cannot stretch the loop past it.
        verifier = verifier(Duration.ofMinutes(1));
        verifier.authenticate(assertionBy(first));
        for (int i = 0; i < 20; i++) {
            assertRefused(assertionBy(JwtFactory.ecKey("random-" + i)));
        }
        // Within one refetch interval the unknown kids cost at most the rate limiter's allowance, not 20 fetches.
        assertThat(fetches.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void aServerThatFailsMeansNoAuthentication() {
        status.set(503);
        assertRefused(assertionBy(first));
        status.set(200);
        published.set("{\"keys\": \"not a list\"}");
        assertRefused(assertionBy(first));
    }
}
