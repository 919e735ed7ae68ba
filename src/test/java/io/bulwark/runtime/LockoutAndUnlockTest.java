package io.bulwark.runtime;

import io.bulwark.testing.DpopProofs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.cli.BulwarkCli;
import io.bulwark.config.ConfigLoader;
import io.bulwark.config.TlsFiles;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.NodeYaml;
import io.bulwark.testing.TestRedis;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute force at the token endpoint of a running node whose counters are in the real Redis: progressive delay, lockout
 * of a client id at the address its failures come from after 10 failures for 30 minutes, the same answers for an
 * unknown client id, {@code bulwark clients unlock --address}, and no lockout of a client by failures claimed in its
 * name from elsewhere.
 */
class LockoutAndUnlockTest {

    private static final ECKey DPOP_KEY = JwtFactory.ecKey("dpop-key");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atNow();
    private final ECKey partnerKey = JwtFactory.ecKey("partner-key");
    private final ECKey wrongKey = JwtFactory.ecKey("partner-key");
    private final ListAppender<ILoggingEvent> securityEvents = new ListAppender<>();
    private BulwarkNode node;
    private HttpClient http;
    private Path configFile;
    private String issuer;
    private Path caCertificate;

    @BeforeEach
    void start() throws Exception {
        TestRedis.assumeAvailable();
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        TlsFiles server = ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1"));
        TlsFiles upstreamClient = ca.clientIdentity("gateway-client", "Bulwark Gateway");
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(partnerKey.toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        int asPort = FreePorts.next();
        issuer = "https://localhost:" + asPort;
        configFile = dir.resolve("bulwark.yaml");
        new NodeYaml("./data", issuer, asPort, FreePorts.next(), server, ca.caCertificate(), FreePorts.next(), upstreamClient)
                .client("""
                        scopes: [accounts:read]
                        redirect-uris: [https://client.example/cb]
                        # It pushes authorization requests and also takes tokens of its own, so both flows' failures are counted.
                        grant-types: [authorization_code, refresh_token, client_credentials]
                        """)
                .sections("""
                        redis:
                          url: redis://%s:%d
                          key-prefix: %s
                        authentication-guard:
                          identity: {max-failures: 10, lockout: 30m, delay-after: 3, initial-delay: 1s, max-delay: 30s}
                          # Every call here comes from 127.0.0.1: keep the address's own limits out of the way.
                          source-ip: {delay-after: 100, max-failures: 1000}
                        """.formatted(TestRedis.HOST, TestRedis.PORT, TestRedis.newKeyPrefix()))
                .writeTo(configFile);
        node = BulwarkNode.start(ConfigLoader.load(configFile), clock);
        caCertificate = ca.caCertificate();
        http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(caCertificate)).build();
        securityEvents.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(securityEvents);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("bulwark.security")).detachAppender(securityEvents);
        if (node != null) {
            node.close();
        }
    }

    private String clientAssertionFields(String clientId, ECKey key) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        return "client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + jwt.serialize();
    }

    /** A pushed authorization request (RFC 9126) authenticated with {@code key}. */
    private HttpResponse<String> parRequest(String clientId, ECKey key) throws Exception {
        String form = "response_type=code&client_id=" + clientId + "&scope=accounts%3Aread&code_challenge_method=S256"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri="
                + URLEncoder.encode("https://client.example/cb", StandardCharsets.UTF_8) + "&" + clientAssertionFields(clientId, key);
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/par"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> introspectRequest(String clientId, ECKey key) throws Exception {
        String form = "token=anything&" + clientAssertionFields(clientId, key);
        return http.send(HttpRequest.newBuilder(URI.create(issuer + "/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenRequest(String clientId, ECKey key) throws Exception {
        return tokenRequest(http, clientId, key);
    }

    /** A client of the node whose connections come from {@code address} (Linux routes all of 127.0.0.0/8 to lo). */
    private HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(caCertificate))
                .localAddress(java.net.InetAddress.getByName(address)).build();
    }

    private HttpResponse<String> tokenRequest(HttpClient sender, String clientId, ECKey key) throws Exception {
        String form = "grant_type=client_credentials&scope=accounts%3Aread&" + clientAssertionFields(clientId, key);
        // Tokens are DPoP-bound (FAPI 2.0): a proof comes with every token request.
        return sender.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", DpopProofs.proof(DPOP_KEY, "POST", issuer + "/token", null, null, clock.instant()))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Ten failed authentications for each client id, taking turns, each after the delay the guard asked for has passed. */
    private List<List<String>> failTenTimes(String... clientIds) throws Exception {
        List<List<String>> answers = new java.util.ArrayList<>();
        for (String ignored : clientIds) {
            answers.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(31));
            for (int c = 0; c < clientIds.length; c++) {
                HttpResponse<String> response = tokenRequest(clientIds[c], wrongKey);
                answers.get(c).add(response.statusCode() + " " + JSON.readTree(response.body()).get("error_description").asText());
            }
        }
        return answers;
    }

    @Test
    void failedClientAuthenticationsAtParCountTowardsTheSameDelayAsAtTheTokenEndpoint() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = parRequest("partner", wrongKey);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(400);
            assertThat(JSON.readTree(failed.body()).get("error").asText()).isEqualTo("invalid_client");
        }
        // The fourth attempt, at either endpoint and even with the right key, must wait (PCI DSS 8.3.4).
        HttpResponse<String> par = parRequest("partner", partnerKey);
        assertThat(par.statusCode()).as(par.body()).isEqualTo(429);
        assertThat(par.headers().firstValue("Retry-After")).contains("1");
        assertThat(tokenRequest("partner", partnerKey).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tokenRequest("partner", partnerKey).statusCode()).isEqualTo(200);
    }

    @Test
    void failedClientAuthenticationsAtIntrospectionCountTowardsTheSameDelayAsAtTheTokenEndpoint() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = introspectRequest("partner", wrongKey);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(400);
            assertThat(JSON.readTree(failed.body()).get("error").asText()).isEqualTo("invalid_client");
        }
        // PCI DSS 8.3.4: the fourth attempt waits, at introspection as at the token endpoint, even with the right key.
        HttpResponse<String> introspection = introspectRequest("partner", partnerKey);
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(429);
        assertThat(introspection.headers().firstValue("Retry-After")).contains("1");
        assertThat(tokenRequest("partner", partnerKey).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(1));
        assertThat(introspectRequest("partner", partnerKey).statusCode()).isEqualTo(200);
    }

    @Test
    void delaysThenLocksOutAKnownAndAnUnknownClientAlikeAtTheFailingAddressUntilUnlocked() throws Exception {
        // Three failures in a row, then an immediate fourth attempt must wait: refused unchecked, 429 with Retry-After.
        for (int i = 0; i < 3; i++) {
            assertThat(tokenRequest("partner", wrongKey).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> tooSoon = tokenRequest("partner", partnerKey);
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.headers().firstValue("Retry-After")).contains("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokenRequest("partner", partnerKey).statusCode()).as("a success clears the count").isEqualTo(200);

        List<List<String>> answers = failTenTimes("partner", "ghost");
        assertThat(answers.get(0)).hasSize(10).containsOnly("400 client authentication failed");
        assertThat(answers.get(1)).as("an unknown client id gets the same answers").isEqualTo(answers.get(0));

        // Locked from this address: even the right key is refused, for 30 minutes; the unknown id gets word for word the
        // same answer. The sender is blocked, not the client: from another address it gets its token.
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> locked = tokenRequest("partner", partnerKey);
        HttpResponse<String> lockedGhost = tokenRequest("ghost", partnerKey);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).contains("1799");
        JsonNode body = JSON.readTree(locked.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_client");
        assertThat(body.get("error_description").asText()).isEqualTo("too many failed authentication attempts; retry after 1799 s");
        assertThat(lockedGhost.statusCode()).isEqualTo(429);
        assertThat(lockedGhost.body()).isEqualTo(locked.body());
        assertThat(securityEvents.list).filteredOn(e -> e.getFormattedMessage().contains("authentication_lockout")).hasSize(2);
        assertThat(tokenRequest(from("127.0.0.2"), "partner", partnerKey).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(29));
        assertThat(tokenRequest("partner", partnerKey).statusCode()).isEqualTo(429);

        // The operator unlocks while the node runs; the counters are in Redis, which the command clears.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = BulwarkCli.commandLine().execute("clients", "unlock", "partner", "--address", "127.0.0.1", "--config",
                    configFile.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Unlocked client partner from 127.0.0.1 (it was locked out until");
        assertThat(tokenRequest("partner", partnerKey).statusCode()).isEqualTo(200);
        assertThat(tokenRequest("ghost", partnerKey).statusCode()).as("only the named client was unlocked").isEqualTo(429);
    }

    @Test
    void assertionsClaimingAClientFromManyAddressesLockNothingAndTheClientGetsItsTokenAtOnce() throws Exception {
        // The attack: ten assertions that claim iss = sub = partner, signed with a key of the attacker's, from changing
        // addresses, each after any delay asked for. Before, they locked partner out everywhere for 30 minutes.
        for (int i = 2; i <= 11; i++) {
            clock.advance(Duration.ofSeconds(31));
            HttpResponse<String> forged = tokenRequest(from("127.0.0." + i), "partner", wrongKey);
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
            assertThat(JSON.readTree(forged.body()).get("error").asText()).isEqualTo("invalid_client");
        }
        assertThat(securityEvents.list).filteredOn(e -> e.getFormattedMessage().contains("distributed_brute_force_suspected"))
                .as("the spread-out attack is seen").hasSize(1);

        // The real client, at once, at every endpoint where it authenticates.
        HttpResponse<String> token = tokenRequest("partner", partnerKey);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> par = parRequest("partner", partnerKey);
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        assertThat(introspectRequest("partner", partnerKey).statusCode()).isEqualTo(200);

        // The sender is still slowed: two more failures from one of its addresses (three from there in all), and the next
        // from there must wait.
        HttpClient attacker = from("127.0.0.2");
        for (int i = 0; i < 2; i++) {
            assertThat(tokenRequest(attacker, "partner", wrongKey).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> slowed = tokenRequest(attacker, "partner", wrongKey);
        assertThat(slowed.statusCode()).as(slowed.body()).isEqualTo(429);
        assertThat(slowed.headers().firstValue("Retry-After")).contains("1");
        assertThat(tokenRequest("partner", partnerKey).statusCode()).as("while the client is not").isEqualTo(200);
        assertThat(securityEvents.list).noneMatch(e -> e.getFormattedMessage().contains("authentication_lockout"));
    }
}
