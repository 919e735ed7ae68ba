package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
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
 * The FAPI 2.0 authorization-code flow end to end over real TLS: the Nimbus OAuth 2.0 SDK as the
 * client (PAR with private_key_jwt, PKCE S256, code exchange with a DPoP proof), a cookie-aware HTTP
 * client as the browser, the demo bank behind the gateway as the resource, called with the DPoP-bound token.
 */
class AuthorizationCodeFlowTest {

    private static FlowTestKit kit;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void metadataAdvertisesTheFlowAsBuilt() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(kit.ssl).build().send(
                HttpRequest.newBuilder(URI.create(kit.issuer + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode metadata = FlowTestKit.json(response.body());

        assertThat(metadata.get("authorization_endpoint").asText()).isEqualTo(kit.issuer + "/authorize");
        assertThat(metadata.get("pushed_authorization_request_endpoint").asText()).isEqualTo(kit.issuer + "/par");
        assertThat(metadata.get("require_pushed_authorization_requests").asBoolean()).isTrue();
        assertThat(metadata.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(metadata.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(metadata.get("authorization_details_types_supported").toString())
                .isEqualTo("[\"account_information\",\"payment_initiation\"]");
        assertThat(metadata.get("grant_types_supported").toString())
                .isEqualTo("[\"authorization_code\",\"client_credentials\",\"refresh_token\"]");
        assertThat(metadata.get("grant_management_endpoint").asText()).isEqualTo(kit.issuer + "/grants");
    }

    @Test
    void aUserGrantsAccountAccessAndTheClientReadsTheirAccountsThroughTheGateway() throws Exception {
        List<Account> accounts = kit.accountsOf("alice");
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest request = kit.request("demo-partner", verifier).state(state)
                .scope(new Scope("accounts:read", "balances:read"))
                .authorizationDetails(List.of(FlowTestKit.accountInformation(List.of(), "list_accounts", "read_balances")))
                .customParameter("nonce", "n-0S6_WzA2Mj").build();
        URI requestUri = kit.push("demo-partner", request);
        assertThat(requestUri.toString()).startsWith("urn:ietf:params:oauth:request_uri:");

        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        assertThat(consent.uri().getPath()).isEqualTo("/authorize/consent");
        // The client named no account, so every one of alice's is offered, ticked.
        for (Account account : accounts) {
            assertThat(consent.body()).contains("value=\"" + account.accountId() + "\"");
        }
        URI location = TestBrowser.seeOther(kit.approve(browser, consent,
                accounts.stream().map(a -> Map.entry("account-0", a.accountId())).toList()));

        AuthorizationResponse response = AuthorizationResponse.parse(location);
        assertThat(response.indicatesSuccess()).as(location.toString()).isTrue();
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        // RFC 9207: the client checks iss against the issuer it sent the request to.
        assertThat(success.getIssuer()).isEqualTo(new Issuer(kit.issuer));
        assertThat(success.getAuthorizationCode().getValue()).hasSizeGreaterThanOrEqualTo(43);

        TokenResponse tokenResponse = kit.parseToken(kit.exchange("demo-partner", success.getAuthorizationCode().getValue(),
                FlowTestKit.CALLBACK, verifier));
        assertThat(tokenResponse.indicatesSuccess()).as(tokenResponse.toHTTPResponse().getBody()).isTrue();
        AccessTokenResponse tokens = tokenResponse.toSuccessResponse();
        String accessToken = tokens.getTokens().getAccessToken().getValue();
        assertThat(tokens.getTokens().getAccessToken().getAuthorizationDetails()).hasSize(1);
        // RFC 9449 §5: a DPoP-bound token is of type DPoP.
        assertThat(tokens.getTokens().getAccessToken().getType().getValue()).isEqualTo("DPoP");

        JWTClaimsSet claims = FlowTestKit.claims(accessToken);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-partner");
        assertThat(claims.getStringClaim("scope")).isEqualTo("accounts:read balances:read");
        List<Object> details = claims.getListClaim("authorization_details");
        assertThat(details).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> granted = (Map<String, Object>) details.getFirst();
        assertThat(granted.get("type")).isEqualTo("account_information");
        assertThat(granted.get("accounts")).isEqualTo(accounts.stream().map(Account::accountId).toList());
        // RFC 9449 §6.1: bound to the key of the token request's proof, the client's DPoP key.
        assertThat(claims.getJSONObjectClaim("cnf")).isEqualTo(Map.of("jkt",
                kit.dpopKey("demo-partner").computeThumbprint("SHA-256").toString()));

        Grant grant = store().grants().find(claims.getStringClaim("grant_id")).orElseThrow();
        assertThat(grant.subject()).isEqualTo("alice");
        assertThat(grant.clientId()).isEqualTo("demo-partner");
        assertThat(grant.revoked()).isFalse();

        // The token works at the gateway with a proof of the client's key, as alice: the bank answers with her accounts only.
        HttpResponse<String> bankAccounts = kit.callGateway("/bank/v1/accounts", accessToken, kit.dpopKey("demo-partner"));
        assertThat(bankAccounts.statusCode()).as(bankAccounts.body()).isEqualTo(200);
        accounts.forEach(a -> assertThat(bankAccounts.body()).contains(a.accountId()));
        kit.accountsOf("bob").forEach(a -> assertThat(bankAccounts.body()).doesNotContain(a.accountId()));
    }

    @Test
    void theUserCanGrantFewerAccountsThanAskedAndTheTokenListsOnlyThose() throws Exception {
        List<Account> accounts = kit.accountsOf("alice");
        assertThat(accounts).hasSizeGreaterThanOrEqualTo(2);
        String kept = accounts.get(0).accountId();
        String unticked = accounts.get(1).accountId();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read"))
                .authorizationDetails(List.of(FlowTestKit.accountInformation(List.of(kept, unticked), "list_accounts")))
                .build());

        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        assertThat(consent.body()).contains("value=\"" + kept + "\"").contains("value=\"" + unticked + "\"");
        // The user unticks one account; a forged field naming bob's account is ignored, as it was never offered.
        String bobs = kit.accountsOf("bob").getFirst().accountId();
        URI location = TestBrowser.seeOther(kit.approve(browser, consent,
                List.of(Map.entry("account-0", kept), Map.entry("account-0", bobs))));

        TokenResponse response = kit.parseToken(kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier));
        assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();
        String body = response.toSuccessResponse().toJSONObject().toJSONString();
        assertThat(body).contains(kept).doesNotContain(unticked).doesNotContain(bobs);
        List<Object> details = FlowTestKit.claims(response.toSuccessResponse().getTokens().getAccessToken().getValue())
                .getListClaim("authorization_details");
        assertThat(details).singleElement().satisfies(detail ->
                assertThat(((Map<?, ?>) detail).get("accounts")).isEqualTo(List.of(kept)));

        // At the gateway the consent holds (RFC 9396): the kept account is readable; the unticked one, which
        // alice owns and the bank would serve, is refused before it reaches the bank.
        String accessToken = response.toSuccessResponse().getTokens().getAccessToken().getValue();
        var dpopKey = kit.dpopKey("demo-partner");
        HttpResponse<String> keptAccount = kit.callGateway("/bank/v1/accounts/" + kept, accessToken, dpopKey);
        assertThat(keptAccount.statusCode()).as(keptAccount.body()).isEqualTo(200);
        HttpResponse<String> untickedAccount = kit.callGateway("/bank/v1/accounts/" + unticked, accessToken, dpopKey);
        assertThat(untickedAccount.statusCode()).isEqualTo(403);
        assertThat(untickedAccount.body()).contains("https://bulwark.dev/problems/account-not-consented");
    }

    // RFC 6749 §5.1 and RFC 9068 §2.2.3: a grant of authorization details alone has no scope, so neither the token
    // response nor the access token carries an empty one.
    @Test
    void aGrantOfDetailsAloneHasNoScopeMemberOrClaim() throws Exception {
        List<Account> accounts = kit.accountsOf("alice");
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state)
                .authorizationDetails(List.of(FlowTestKit.accountInformation(List.of(), "list_accounts"))).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        URI location = TestBrowser.seeOther(kit.approve(browser, consent,
                accounts.stream().map(a -> Map.entry("account-0", a.accountId())).toList()));

        var answer = kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        JsonNode body = FlowTestKit.json(answer.getBody());
        assertThat(body.has("scope")).as(body.toString()).isFalse();
        assertThat(body.has("authorization_details")).isTrue();
        assertThat(FlowTestKit.claims(body.get("access_token").asText()).getClaims()).doesNotContainKey("scope");
    }

    @Test
    void aPaymentNeedsTheSecondFactorBeforeConsentAndTheTokenCarriesThePayment() {
        kit.clock.advance(Duration.ofSeconds(30)); // a fresh TOTP step, whatever earlier tests used
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state)
                .scope(new Scope("payments:write"))
                .authorizationDetails(List.of(FlowTestKit.payment("123.50", "EUR", "DE02100100109307118603", "Merchant A")))
                .build());

        TestBrowser browser = kit.browser();
        HttpResponse<String> verify = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        assertThat(verify.uri().getPath()).isEqualTo("/authorize/verify");
        assertThat(verify.body()).contains("autocomplete=\"one-time-code\"").contains("<label for=\"code\">");
        String csrf = TestBrowser.csrf(verify);

        // Consent is out of reach until the second factor is given: the page and the form both send the user back.
        assertThat(TestBrowser.seeOther(browser.get("/authorize/consent")).getPath()).isEqualTo("/authorize/verify");
        URI early = TestBrowser.seeOther(browser.post("/authorize/consent",
                List.of(Map.entry("csrf", csrf), Map.entry("decision", "approve"))));
        assertThat(early.getPath()).isEqualTo("/authorize/verify");

        HttpResponse<String> wrong = browser.post("/authorize/verify", List.of(Map.entry("csrf", csrf), Map.entry("code", "000000")));
        if (wrong.statusCode() == 303) {
            throw new AssertionError("000000 happened to be the current code; rerun");
        }
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("role=\"alert\"").contains("That code is not right");

        URI consentUri = TestBrowser.seeOther(browser.post("/authorize/verify",
                List.of(Map.entry("csrf", csrf), Map.entry("code", kit.totp("alice")))));
        assertThat(consentUri.getPath()).isEqualTo("/authorize/consent");
        HttpResponse<String> consent = browser.get(consentUri.toString());
        assertThat(consent.body()).contains("123.50 EUR").contains("Merchant A").contains("DE02 1001 0010 9307 1186 03");

        URI location = TestBrowser.seeOther(kit.approve(browser, consent, List.of()));
        TokenResponse response = kit.parseToken(kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier));
        assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();
        JWTClaimsSet claims = FlowTestKit.claims(response.toSuccessResponse().getTokens().getAccessToken().getValue());
        assertThat(claims.getClaim("authorization_details").toString()).contains("payment_initiation").contains("123.50")
                .contains("DE02100100109307118603");

        // At the gateway the payment must fit the consent (RFC 9396): more than 123.50 EUR is refused before the bank,
        // the consented payment reaches the bank (which then checks the debtor account and funds).
        String accessToken = response.toSuccessResponse().getTokens().getAccessToken().getValue();
        Account debtor = kit.accountsOf("alice").stream().filter(a -> a.iban() != null && a.currency().equals("EUR")).findFirst().orElseThrow();
        String order = "{\"debtorAccount\":{\"accountId\":\"" + debtor.accountId() + "\"},\"instructedAmount\":{\"amount\":\"%s\","
                + "\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"creditorName\":\"Merchant A\"}";
        HttpResponse<String> overreach = kit.postGateway("/bank/v1/payments", order.formatted("1230.50"), accessToken, kit.dpopKey("demo-partner"));
        assertThat(overreach.statusCode()).as(overreach.body()).isEqualTo(403);
        assertThat(FlowTestKit.json(overreach.body()).get("type").asText()).isEqualTo("https://bulwark.dev/problems/payment-not-consented");
        HttpResponse<String> consented = kit.postGateway("/bank/v1/payments", order.formatted("123.50"), accessToken, kit.dpopKey("demo-partner"));
        assertThat(consented.statusCode()).as(consented.body()).isIn(201, 422);
    }

    @Test
    void aUsersTokenWithoutAccountDetailsStillSeesOnlyTheirOwnAccounts() throws Exception {
        // OWASP API1:2023: a scope-only user token; bob's account is withheld whether the bank or the gateway catches it.
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        URI location = TestBrowser.seeOther(kit.approve(browser, consent, List.of()));
        TokenResponse response = kit.parseToken(kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier));
        assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();
        String accessToken = response.toSuccessResponse().getTokens().getAccessToken().getValue();
        assertThat(FlowTestKit.claims(accessToken).getClaim("authorization_details")).isNull();

        Account bobs = kit.accountsOf("bob").getFirst();
        HttpResponse<String> stolen = kit.callGateway("/bank/v1/accounts/" + bobs.accountId(), accessToken, kit.dpopKey("demo-partner"));
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain(bobs.iban() == null ? bobs.accountId() + "x" : bobs.iban()).doesNotContain("bob");
        HttpResponse<String> own = kit.callGateway("/bank/v1/accounts/" + kit.accountsOf("alice").getFirst().accountId(), accessToken,
                kit.dpopKey("demo-partner"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }

    @Test
    void aTotpCodeIsAcceptedOnceOnly() {
        kit.clock.advance(Duration.ofSeconds(30));
        String code = kit.totp("bob");
        for (int attempt = 0; attempt < 2; attempt++) {
            CodeVerifier verifier = new CodeVerifier();
            URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier)
                    .authorizationDetails(List.of(FlowTestKit.payment("10.00", "GBP", "GB33BUKB20201555555555", "Corner Shop")))
                    .build());
            TestBrowser browser = kit.browser();
            HttpResponse<String> verify = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "bob");
            HttpResponse<String> answer = browser.post("/authorize/verify",
                    List.of(Map.entry("csrf", TestBrowser.csrf(verify)), Map.entry("code", code)));
            if (attempt == 0) {
                assertThat(TestBrowser.seeOther(answer).getPath()).isEqualTo("/authorize/consent");
            } else {
                // RFC 6238 §5.2: the same code, seconds later, in another sign-in: refused.
                assertThat(answer.statusCode()).isEqualTo(400);
                assertThat(answer.body()).contains("already used");
            }
        }
    }

    @Test
    void denyingSendsAccessDeniedToTheRegisteredRedirectUri() {
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).state(state)
                .scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");

        URI location = TestBrowser.seeOther(browser.post("/authorize/consent",
                List.of(Map.entry("csrf", TestBrowser.csrf(consent)), Map.entry("decision", "deny"))));

        assertThat(location.toString()).startsWith(FlowTestKit.CALLBACK + "?");
        assertThat(TestBrowser.query(location)).containsEntry("error", "access_denied").containsEntry("state", state.getValue())
                .containsEntry("iss", kit.issuer).doesNotContainKey("code");
        assertThat(browser.cookie(AuthorizationEndpointRoutes.SESSION_COOKIE)).isEmpty();
    }

    @Test
    void theSessionCookieIsStrictSecureHostOnlyAndReplacedAtSignIn() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier())
                .scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> redirect = browser.get(kit.authorizeUrl("demo-partner", requestUri));
        String setCookie = redirect.headers().firstValue("Set-Cookie").orElseThrow();
        // Attribute names are case-insensitive (RFC 6265 §5.2).
        assertThat(setCookie).startsWith("__Host-bulwark-session=").containsIgnoringCase("; Secure")
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict").contains("; Path=/")
                .doesNotContainIgnoringCase("Domain=");
        HttpResponse<String> login = browser.get(TestBrowser.seeOther(redirect).toString());
        String before = browser.cookie(AuthorizationEndpointRoutes.SESSION_COOKIE).orElseThrow();

        TestBrowser.seeOther(kit.login(browser, login, "alice", kit.user("alice").password()));

        assertThat(browser.cookie(AuthorizationEndpointRoutes.SESSION_COOKIE)).get().isNotEqualTo(before);
        assertThat(store().interactions().find(io.bulwark.oauth.core.SecretTokens.hash(before), kit.clock.instant())).isEmpty();
    }

    @Test
    void theConsentPageSaysInPlainWordsWhatIsAskedAndLoadsNothingFromElsewhere() {
        List<Account> accounts = kit.accountsOf("bob");
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier())
                .scope(new Scope("accounts:read", "transactions:read"))
                .authorizationDetails(List.of(FlowTestKit.accountInformation(
                        List.of(accounts.get(0).accountId(), kit.accountsOf("alice").getFirst().accountId()), "read_transactions")))
                .build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "bob");

        String html = consent.body();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">").contains("<h1>Allow Demo Partner (account aggregator)")
                .contains("See your accounts: their names, types and numbers.").contains("See the transactions on your accounts.")
                .contains(accounts.get(0).name()).contains("may see its transactions")
                .contains("account that is not yours")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain(kit.accountsOf("alice").getFirst().accountId());
        // Accounts by name and masked IBAN: never the full number.
        String iban = accounts.get(0).iban();
        assertThat(html).contains(iban.substring(0, 4) + " •••• " + iban.substring(iban.length() - 4)).doesNotContain(iban);
        assertThat(html).containsPattern("<input type=\"checkbox\" id=\"account-0-0\"[^>]*>\\s*<label for=\"account-0-0\">");
        String csp = consent.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                .contains("form-action 'self' https://localhost:8445").doesNotContain("script-src");
        assertThat(consent.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(consent.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void everyRedirectOfAFullSignInIs303() {
        kit.clock.advance(Duration.ofSeconds(30));
        CodeVerifier verifier = new CodeVerifier();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier)
                .authorizationDetails(List.of(FlowTestKit.payment("5.00", "EUR", "DE02100100109307118603", "Merchant A"))).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> verify = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        URI consentUri = TestBrowser.seeOther(browser.post("/authorize/verify",
                List.of(Map.entry("csrf", TestBrowser.csrf(verify)), Map.entry("code", kit.totp("alice")))));
        TestBrowser.seeOther(kit.approve(browser, browser.get(consentUri.toString()), List.of()));

        List<Integer> redirects = browser.history().stream().map(HttpResponse::statusCode).filter(s -> s >= 300 && s < 400).toList();
        // FAPI 2.0 SP §5.3.2.2: never 307 (it would re-post the password to the next location); 303 throughout.
        assertThat(redirects).hasSize(4).containsOnly(303);
    }

    @Test
    void usersTotpCommandPrintsTheCodeTheAuthenticatorWouldShow() {
        var out = new java.io.ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = io.bulwark.cli.BulwarkCli.commandLine().execute("users", "totp", "alice", "--data-dir", kit.dataDir.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        byte[] secret = io.bulwark.oauth.users.Base32.decode(kit.user("alice").totpSecret());
        long step = io.bulwark.oauth.users.Totp.step(java.time.Instant.now());
        // Wall-clock time: the command runs outside the test's clock, so either side of a step boundary is right.
        assertThat(printed).isIn(io.bulwark.oauth.users.Totp.code(secret, step), io.bulwark.oauth.users.Totp.code(secret, step - 1));
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }
}
