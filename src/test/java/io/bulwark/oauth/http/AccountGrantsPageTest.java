package io.bulwark.oauth.http;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.bulwark.demo.bank.Account;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users list and revoke their own grants at {@code /account/grants}, over real TLS on a running demo: the
 * page's own sign-in (password, TOTP), what it shows, revocation ending every token of the grant, and the
 * refusals (another user's grant, CSRF, wrong password counted by the brute-force guard).
 */
class AccountGrantsPageTest {

    private static final String CLIENT = "demo-partner";

    private static FlowTestKit kit;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }

    /** Alice allows demo-partner to see the accounts and balances of her first account. */
    private static AccessTokenResponse alicesGrant() {
        Account first = kit.accountsOf("alice").getFirst();
        return kit.grant("alice", CLIENT, new Scope("accounts:read", "balances:read"),
                List.of(FlowTestKit.accountInformation(List.of(first.accountId()), "list_accounts", "read_balances")));
    }

    private static String grantId(AccessTokenResponse response) {
        return (String) response.getCustomParameters().get("grant_id");
    }

    private static HttpResponse<String> revoke(TestBrowser browser, String csrf, String grantId) {
        List<Map.Entry<String, String>> form = csrf == null ? List.of(Map.entry("grant", grantId))
                : List.of(Map.entry("csrf", csrf), Map.entry("grant", grantId));
        return browser.post("/account/grants/revoke", form);
    }

    private static void assertIsAProperPage(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.body()).contains("<h1>").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void aliceSignsInSeesHerGrantRevokesItAndEveryTokenFromItStops() {
        AccessTokenResponse tokens = alicesGrant();
        String grantId = grantId(tokens);
        String accessToken = tokens.getTokens().getAccessToken().getValue();
        String refreshToken = tokens.getTokens().getRefreshToken().getValue();
        assertThat(kit.callGateway("/bank/v1/accounts", accessToken, kit.dpopKey(CLIENT)).statusCode()).isEqualTo(200);

        TestBrowser browser = kit.browser();
        HttpResponse<String> login = browser.get("/account/grants");
        assertIsAProperPage(login, 200);
        assertThat(login.body()).contains("<label for=\"username\">").contains("<label for=\"password\">");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("form-action 'self'").contains("frame-ancestors 'none'");
        // RFC 6265bis §4.1.3.2: a __Host- cookie, Secure, Path=/, no Domain; HttpOnly, SameSite=Strict, 15 minutes.
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(AccountRoutes.SESSION_COOKIE + "=").containsIgnoringCase("; Secure")
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .contains("Max-Age=900").doesNotContainIgnoringCase("Domain");
        assertThat(AccountRoutes.SESSION_COOKIE).isNotEqualTo(AuthorizationEndpointRoutes.SESSION_COOKIE);

        HttpResponse<String> page = kit.accountSignIn(browser, "alice");
        Account first = kit.accountsOf("alice").getFirst();
        assertThat(page.body()).contains("Demo Partner (account aggregator)").contains("See your accounts: their names, types and numbers.")
                .contains("See the balances of your accounts.").contains(first.name())
                .contains("which account it is (name and number) and its balances").contains("Active.")
                .contains("value=\"" + grantId + "\"").contains("Revoke access").contains("Sign out");

        URI back = TestBrowser.seeOther(revoke(browser, TestBrowser.csrf(page), grantId));
        assertThat(back.getPath()).isEqualTo("/account/grants");
        HttpResponse<String> after = browser.get(back.toString());
        assertThat(after.body()).contains("role=\"status\"").contains("Access revoked.").contains("Access revoked on")
                .doesNotContain("value=\"" + grantId + "\"");
        assertThat(store().grants().find(grantId).map(Grant::revoked)).contains(true);

        // The gateway sees the revocation within its 1 s status cache; the refresh token stops at once.
        kit.clock.advance(Duration.ofSeconds(1));
        assertThat(kit.callGateway("/bank/v1/accounts", accessToken, kit.dpopKey(CLIENT)).statusCode()).isEqualTo(401);
        HTTPResponse refused = kit.refresh(CLIENT, refreshToken);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(FlowTestKit.json(refused.getBody()).get("error").asText()).isEqualTo("invalid_grant");
        // Revoking again changes nothing and says so.
        assertIsAProperPage(revoke(browser, TestBrowser.csrf(after), grantId), 404);
    }

    @Test
    void bobNeitherSeesNorRevokesAlicesGrant() {
        AccessTokenResponse tokens = alicesGrant();
        String grantId = grantId(tokens);

        TestBrowser bob = kit.browser();
        HttpResponse<String> page = kit.accountSignIn(bob, "bob");
        assertThat(page.body()).doesNotContain(grantId);

        HttpResponse<String> forged = revoke(bob, TestBrowser.csrf(page), grantId);
        assertIsAProperPage(forged, 404);
        assertThat(store().grants().find(grantId).map(Grant::revoked)).contains(false);
        assertThat(kit.callGateway("/bank/v1/accounts", tokens.getTokens().getAccessToken().getValue(), kit.dpopKey(CLIENT))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenOrWithoutASessionChangesNothing() {
        String grantId = grantId(alicesGrant());
        TestBrowser alice = kit.browser();
        HttpResponse<String> page = kit.accountSignIn(alice, "alice");

        assertIsAProperPage(revoke(alice, null, grantId), 403);
        assertIsAProperPage(revoke(alice, "forged-csrf-token", grantId), 403);
        assertIsAProperPage(alice.post("/account/sign-out", List.of(Map.entry("csrf", "forged"))), 403);
        // Another session's CSRF token is not this one's.
        TestBrowser other = kit.browser();
        HttpResponse<String> otherLogin = other.get("/account/grants");
        assertIsAProperPage(revoke(alice, TestBrowser.csrf(otherLogin), grantId), 403);
        // No session at all: a page that says so.
        assertIsAProperPage(revoke(kit.browser(), TestBrowser.csrf(page), grantId), 400);
        assertThat(store().grants().find(grantId).map(Grant::revoked)).contains(false);
        // The page is still there, signed in.
        assertThat(alice.get("/account/grants").body()).contains("value=\"" + grantId + "\"");
        // Methods other than the page's: a problem, not a page.
        assertThat(alice.post("/account/grants", List.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void aWrongPasswordGetsTheFlowsGenericAnswerAndCountsAtTheGuard() {
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = browser.get("/account/grants");
        HttpResponse<String> wrong = browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                Map.entry("username", "alice"), Map.entry("password", "not her password")));
        assertIsAProperPage(wrong, 400);
        assertThat(wrong.body()).contains("That username and password do not match. Check them and try again.")
                .contains("role=\"alert\"").contains("aria-invalid=\"true\"").contains("value=\"alice\"");

        // An unknown user's failures count as a known one's: after three, the guard makes the next attempt wait.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(wrong)),
                    Map.entry("username", "mallory"), Map.entry("password", "guess-" + i)));
            assertThat(failed.body()).contains("That username and password do not match.");
        }
        HttpResponse<String> blocked = browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(wrong)),
                Map.entry("username", "mallory"), Map.entry("password", "guess-3")));
        assertIsAProperPage(blocked, 400);
        assertThat(blocked.body()).contains("Too many attempts. Wait a few minutes, then try again.");
    }

    @Test
    void signingOutEndsTheSessionAndAnOldCookieOpensNothing() throws Exception {
        TestBrowser browser = kit.browser();
        HttpResponse<String> page = kit.accountSignIn(browser, "alice");
        String cookie = browser.cookie(AccountRoutes.SESSION_COOKIE).orElseThrow();

        URI back = TestBrowser.seeOther(browser.post("/account/sign-out", List.of(Map.entry("csrf", TestBrowser.csrf(page)))));
        assertThat(browser.cookie(AccountRoutes.SESSION_COOKIE)).isEmpty();
        HttpResponse<String> signedOut = browser.get(back.toString());
        assertThat(signedOut.body()).contains("You have signed out.").contains("action=\"/account/login\"")
                .doesNotContain("Your connected apps");

        // The old cookie, replayed, is worth nothing.
        HttpResponse<String> replayed = HttpClient.newBuilder().sslContext(kit.ssl).build().send(
                HttpRequest.newBuilder(URI.create(kit.issuer + "/account/grants"))
                        .header("Cookie", AccountRoutes.SESSION_COOKIE + "=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.body()).contains("action=\"/account/login\"").doesNotContain("Your connected apps");

        // A session ends by itself after 15 minutes, however active.
        TestBrowser later = kit.browser();
        kit.accountSignIn(later, "alice");
        kit.clock.advance(Duration.ofMinutes(15));
        assertThat(later.get("/account/grants").body()).contains("action=\"/account/login\"");
    }
}
