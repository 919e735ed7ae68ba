package io.bulwark.oauth.http;

import io.bulwark.testing.TestClients;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.bank.Account;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.HeadlessChromium;
import io.bulwark.testing.TestBrowser;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in, second factor and consent pages in a real browser (headless Chromium): typed into,
 * ticked and clicked as a user would, with the CSP, cookies and 303 redirects Chromium enforces,
 * ending at a client's HTTPS callback; then the connected-apps page, signed in and a grant revoked. Saves screenshots
 * of the pages to {@code target/screenshots/}.
 */
class BrowserSignInTest {

    private static final String CLIENT = "budget-buddy";

    private static FlowTestKit kit;
    private static Vertx vertx;
    private static URI callback;
    private static final CompletableFuture<URI> received = new CompletableFuture<>();

    @BeforeAll
    static void start() throws Exception {
        kit = new FlowTestKit();
        vertx = Vertx.vertx();
        // The client's own HTTPS callback, where Chromium lands after consent.
        TlsFiles identity = DevCertificateAuthority.loadOrCreate(kit.dataDir.resolve("tls"))
                .serverIdentity("test-callback", List.of("localhost"), List.of("127.0.0.1"));
        int port = FreePorts.next();
        vertx.createHttpServer(TlsPolicy.server(identity)).requestHandler(request -> {
            received.complete(URI.create("https://localhost:" + port + request.uri()));
            request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end("<!DOCTYPE html><html lang=\"en\"><title>Connected</title><h1>Connected</h1></html>");
        }).listen(port, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        callback = URI.create("https://localhost:" + port + "/callback");

        // A partner registered with that callback, as an operator would register one.
        Set<String> scopes = Set.of("accounts:read", "balances:read", "payments:write");
        Set<String> types = Set.of("account_information", "payment_initiation");
        Path credentials = kit.dataDir.resolve("demo/clients/" + CLIENT + ".json");
        ECKey key = DemoClientCredentials.loadOrCreate(credentials, CLIENT, scopes, kit.issuer, List.of(callback.toString()), types);
        ((io.bulwark.jdbc.JdbcStore) kit.demo.node().store()).clients().save(TestClients.client(CLIENT).name("Budget Buddy")
                .jwks(new JWKSet(key.toPublicJWK()).toString()).scopes(scopes).createdAt(kit.clock.instant())
                .redirectUris(callback.toString()).authorizationDetailsTypes(types).build());
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        kit.close();
    }

    @Test
    void aUserSignsInConfirmsWithTotpUnticksAnAccountAndApprovesInChromium() throws Exception {
        List<Account> accounts = kit.accountsOf("alice");
        String kept = accounts.get(0).accountId();
        String unticked = accounts.get(1).accountId();
        kit.clock.advance(Duration.ofSeconds(30));
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push(CLIENT, kit.request(CLIENT, verifier).redirectionURI(callback).state(state)
                .scope(new Scope("accounts:read", "balances:read"))
                .authorizationDetails(List.of(
                        FlowTestKit.accountInformation(List.of(kept, unticked), "list_accounts", "read_balances"),
                        FlowTestKit.payment("42.00", "EUR", "DE02100100109307118603", "Stadtwerke Berlin")))
                .build());

        try (HeadlessChromium chromium = HeadlessChromium.start(Path.of("target/chromium"))) {
            chromium.navigate(kit.authorizeUrl(CLIENT, requestUri));
            chromium.awaitUrl(url -> url.endsWith("/authorize/login"));
            assertThat(chromium.title()).isEqualTo("Sign in · Bulwark");
            assertThat(chromium.pageSource()).contains("Budget Buddy");
            chromium.screenshot(Path.of("target/screenshots/login.png"));

            chromium.type("#username", "alice");
            chromium.type("#password", kit.user("alice").password());
            chromium.click("form[action='/authorize/login'] button[type=submit]");
            chromium.awaitUrl(url -> url.endsWith("/authorize/verify"));
            assertThat(chromium.title()).isEqualTo("Confirm it is you · Bulwark");
            chromium.screenshot(Path.of("target/screenshots/second-factor.png"));

            chromium.type("#code", kit.totp("alice"));
            chromium.click("form[action='/authorize/verify'] button[type=submit]");
            chromium.awaitUrl(url -> url.endsWith("/authorize/consent"));
            String consent = chromium.pageSource();
            assertThat(consent).contains("Allow Budget Buddy to access your bank?").contains("42.00 EUR")
                    .contains("Stadtwerke Berlin").contains(accounts.get(0).name()).contains(accounts.get(1).name());
            assertThat(chromium.isSelected("#account-0-1")).isTrue();

            chromium.click("#account-0-1");
            assertThat(chromium.isSelected("#account-0-1")).isFalse();
            Path screenshot = chromium.screenshot(Path.of("target/screenshots/consent.png"));
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);

            chromium.click("button[value=approve]");
            URI landed = received.get(15, TimeUnit.SECONDS);
            chromium.awaitUrl(url -> url.startsWith(callback.toString()));

            // Chromium followed the 303 to the client's callback (CSP form-action allowed exactly that origin).
            Map<String, String> params = TestBrowser.query(landed);
            assertThat(params).containsEntry("state", state.getValue()).containsEntry("iss", kit.issuer);
            TokenResponse response = kit.parseToken(kit.exchange(CLIENT, params.get("code"), callback, verifier));
            assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();
            JWTClaimsSet claims = FlowTestKit.claims(response.toSuccessResponse().getTokens().getAccessToken().getValue());
            assertThat(claims.getSubject()).isEqualTo("alice");
            String details = claims.getClaim("authorization_details").toString();
            assertThat(details).contains(kept).doesNotContain(unticked).contains("Stadtwerke Berlin");
        }
    }

    @Test
    void aUserRevokesAGrantOnTheConnectedAppsPageInChromium() throws Exception {
        String grantId = (String) kit.grant("alice", "demo-partner", new Scope("accounts:read"), List.of())
                .getCustomParameters().get("grant_id");
        kit.clock.advance(Duration.ofSeconds(60));

        try (HeadlessChromium chromium = HeadlessChromium.start(Path.of("target/chromium"))) {
            chromium.navigate(kit.issuer + "/account/grants");
            assertThat(chromium.title()).isEqualTo("Sign in · Bulwark");
            chromium.type("#username", "alice");
            chromium.type("#password", kit.user("alice").password());
            chromium.click("form[action='/account/login'] button[type=submit]");
            chromium.awaitUrl(url -> url.endsWith("/account/grants") && !chromium.pageSource().contains("/account/login"));
            chromium.type("#code", kit.totp("alice"));
            chromium.click("form[action='/account/verify'] button[type=submit]");
            chromium.awaitUrl(url -> url.endsWith("/account/grants") && chromium.title().equals("Your connected apps · Bulwark"));
            assertThat(chromium.pageSource()).contains("Demo Partner (account aggregator)").contains(grantId);
            Path screenshot = chromium.screenshot(Path.of("target/screenshots/connected-apps.png"));
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);

            chromium.click("form[action='/account/grants/revoke']:has(input[value='" + grantId + "']) button[type=submit]");
            chromium.awaitUrl(url -> url.endsWith("/account/grants?done=revoked"));
            assertThat(chromium.pageSource()).contains("Access revoked.").doesNotContain("value=\"" + grantId + "\"");
            chromium.screenshot(Path.of("target/screenshots/connected-apps-revoked.png"));
            assertThat(((io.bulwark.jdbc.JdbcStore) kit.demo.node().store()).grants().find(grantId).orElseThrow().revoked())
                    .isTrue();
        }
    }
}
