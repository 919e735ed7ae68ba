package io.bulwark.oauth.http;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overlong input at the authorization server, over TLS: a form field longer than the 8,192 bytes Vert.x decodes (yet
 * within the body limit) is 400 invalid_request at the OAuth endpoints (RFC 6749 §5.2), 400 problem+json at the sign-in
 * pages, never a 500; a client assertion's jti over the bound the server keeps is invalid_client.
 */
class OversizedFormFieldTest {

    private static final String LONG = "a".repeat(9_000);

    private static final Logger ROUTES_LOG = (Logger) LoggerFactory.getLogger(AuthorizationServerRoutes.class);
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    private static FlowTestKit kit;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        http = HttpClient.newBuilder().sslContext(kit.ssl).build();
        LOGGED.start();
        ROUTES_LOG.addAppender(LOGGED);
    }

    @AfterAll
    static void stop() {
        ROUTES_LOG.detachAppender(LOGGED);
        kit.close();
    }

    /** Bad input is no server failure: nothing logged as an error, no stack trace. */
    @AfterEach
    void nothingLoggedAsAFailure() {
        assertThat(LOGGED.list).noneMatch(event -> event.getThrowableProxy() != null || event.getLevel().isGreaterOrEqual(
                ch.qos.logback.classic.Level.ERROR));
        LOGGED.list.clear();
    }

    @Test
    void aLongScopeAtTheTokenEndpointIsInvalidRequest() {
        // The decoder fails one way over HTTP/2 (an IOException) and another over HTTP/1.1 (a DecoderException): both are 400.
        for (HttpClient.Version version : HttpClient.Version.values()) {
            String assertion = kit.clientAuthentication("demo-partner").getClientAssertion().serialize();
            HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials", "client_id", "demo-partner",
                    "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion,
                    "scope", LONG), version);

            assertThat(response.version()).isEqualTo(version);
            assertOAuthInvalidRequest(response);
        }
    }

    @Test
    void anAssertionWithALongJtiIsInvalidRequest() {
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials", "client_id", "demo-partner",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertionWithJti(LONG)));

        assertOAuthInvalidRequest(response);
    }

    @Test
    void aJtiLongerThanTheServerKeepsIsInvalidClient() {
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials", "client_id", "demo-partner",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertionWithJti("j".repeat(ClientAssertionVerifier.MAX_JTI_LENGTH + 1))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(FlowTestKit.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(FlowTestKit.json(response.body()).get("error_description").asText()).contains("at most 512 characters");
    }

    @Test
    void aLongUsernameAtTheLoginPageIsAProblem() {
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner",
                kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build())));

        HttpResponse<String> response = browser.post("/authorize/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                Map.entry("username", LONG), Map.entry("password", "whatever")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(FlowTestKit.json(response.body()).get("type").asText()).endsWith("form-field-too-large");
    }

    /** A genuine private_key_jwt assertion of demo-partner, made now, whose jti is {@code jti}. */
    private static String assertionWithJti(String jti) {
        ECKey key = DemoClientCredentials.privateKey(kit.dataDir.resolve("demo/clients/demo-partner.json"));
        Date now = Date.from(kit.clock.instant());
        return JwtFactory.sign(key, JWSAlgorithm.ES256, JOSEObjectType.JWT, new JWTClaimsSet.Builder()
                .issuer("demo-partner").subject("demo-partner").audience(kit.issuer).jwtID(jti)
                .issueTime(now).expirationTime(Date.from(kit.clock.instant().plusSeconds(60))).build());
    }

    private static void assertOAuthInvalidRequest(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(FlowTestKit.json(response.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    private static HttpResponse<String> postToken(Map<String, String> form) {
        return postToken(form, HttpClient.Version.HTTP_2);
    }

    private static HttpResponse<String> postToken(Map<String, String> form, HttpClient.Version version) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        try {
            return http.send(HttpRequest.newBuilder(URI.create(kit.issuer + "/token")).version(version)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
