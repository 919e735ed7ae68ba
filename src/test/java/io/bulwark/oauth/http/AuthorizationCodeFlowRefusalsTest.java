package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.bulwark.testing.OAuthErrorAssertions.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/** Every MUST NOT of the flow, each refused over real HTTP and TLS: at PAR, at the pages, at the token endpoint. */
class AuthorizationCodeFlowRefusalsTest {

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static FlowTestKit kit;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    /** A complete, valid PAR form; each test spoils one thing. */
    private static Map<String, String> validPar() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("redirect_uri", FlowTestKit.CALLBACK.toString());
        params.put("scope", "accounts:read");
        params.put("state", "s-1");
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    /** An error page: HTML, no redirect anywhere, nothing to submit. */
    private static void assertErrorPage(HttpResponse<String> response, int status, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString().contains("form-action 'none'");
        assertThat(response.body()).contains(text).doesNotContain("<form");
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> params = validPar();
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        return params;
    }

    // --- PAR (RFC 9126) ---

    @Test
    void theValidBaseRequestIsAccepted() {
        HttpResponse<String> response = kit.pushForm("demo-partner", validPar());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = FlowTestKit.json(response.body());
        // RFC 9126 §2.2 and FAPI 2.0 SP: the request_uri lives less than 600 seconds.
        assertThat(body.get("expires_in").asInt()).isEqualTo(60);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void parRequiresClientAuthentication() throws Exception {
        StringBuilder form = new StringBuilder("client_id=demo-partner");
        validPar().forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(kit.ssl).build().send(
                HttpRequest.newBuilder(URI.create(kit.issuer + "/par")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());

        assertOAuthError(response, 400, "invalid_client", "client authentication is required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    // RFC 6749 §5.2 and RFC 9110 §15.5.2: a 401 only where the client used the Authorization header, and then with a
    // challenge of its scheme; any other failed client authentication is 400, at every endpoint where clients authenticate.
    @ParameterizedTest
    @ValueSource(strings = {"/token", "/par", "/revoke", "/introspect"})
    void failedClientAuthenticationIs401WithAChallengeOnlyForTheAuthorizationHeader(String path) throws Exception {
        // A client id of its own per endpoint, so that the brute-force delay of one does not answer for another.
        String form = "client_id=stranger" + path.substring(1) + "&grant_type=client_credentials&token=t&response_type=code";
        HttpResponse<String> basic = postForm(path, form, "Basic c3RyYW5nZXI6czNjcmV0");
        assertOAuthError(basic, 401, "invalid_client", "client secrets are not accepted");
        assertThat(basic.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"" + kit.issuer + "\"");

        HttpResponse<String> none = postForm(path, form, null);
        assertOAuthError(none, 400, "invalid_client", "");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void theChallengeNamesTheSchemeTheClientUsed() throws Exception {
        HttpResponse<String> bearer = postForm("/token", "client_id=stranger&grant_type=client_credentials", "Bearer abc");
        assertOAuthError(bearer, 401, "invalid_client", "client secrets are not accepted");
        assertThat(bearer.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"" + kit.issuer + "\"");
    }

    private static HttpResponse<String> postForm(String path, String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kit.issuer + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newBuilder().sslContext(kit.ssl).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fragment", "form_post", "jwt", "query.jwt", "Query"})
    void responseModeOtherThanQueryIsRefused(String responseMode) {
        assertOAuthError(kit.pushForm("demo-partner", with("response_mode", responseMode)), 400, "invalid_request", "response_mode");
    }

    @Test
    void responseModeQueryIsAccepted() {
        HttpResponse<String> response = kit.pushForm("demo-partner", with("response_mode", "query"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void redirectUriIsRequired() {
        assertOAuthError(kit.pushForm("demo-partner", with("redirect_uri", null)), 400, "invalid_request", "redirect_uri is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/callback", "https://localhost:8445/callback/", "https://localhost:8445/callback?next=x",
            "https://localhost:8445/Callback", "https://localhost:8445/callback#f", "http://localhost:8445/callback"})
    void redirectUriMustMatchARegisteredOneExactly(String redirectUri) {
        assertOAuthError(kit.pushForm("demo-partner", with("redirect_uri", redirectUri)), 400, "invalid_request",
                "redirect_uri is not registered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "code id_token", "id_token", "code token"})
    void onlyResponseTypeCodeIsAccepted(String responseType) {
        assertOAuthError(kit.pushForm("demo-partner", with("response_type", responseType)), 400, "unsupported_response_type",
                "response_type must be code");
    }

    @Test
    void plainPkceIsRefused() {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest plain = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID("demo-partner"))
                .redirectionURI(FlowTestKit.CALLBACK).scope(new Scope("accounts:read"))
                .codeChallenge(verifier, CodeChallengeMethod.PLAIN).build();

        assertOAuthError(kit.pushRaw("demo-partner", plain), 400, "invalid_request", "code_challenge_method must be S256");
    }

    @Test
    void anOmittedChallengeMethodMeansPlainAndIsRefused() {
        assertOAuthError(kit.pushForm("demo-partner", with("code_challenge_method", null)), 400, "invalid_request",
                "code_challenge_method must be S256");
    }

    @Test
    void aMissingCodeChallengeIsRefused() {
        assertOAuthError(kit.pushForm("demo-partner", with("code_challenge", null)), 400, "invalid_request",
                "code_challenge is required");
    }

    @Test
    void aMalformedCodeChallengeIsRefused() {
        assertOAuthError(kit.pushForm("demo-partner", with("code_challenge", "short")), 400, "invalid_request", "43 characters");
    }

    @Test
    void requestUriMustNotBeSentToPar() {
        assertOAuthError(kit.pushForm("demo-partner", with("request_uri", "urn:ietf:params:oauth:request_uri:x")), 400,
                "invalid_request", "request_uri must not be sent");
    }

    @Test
    void anAppActingForUsersGetsNoClientCredentialsToken() {
        // demo-partner has redirect URIs and no client_credentials in its grant types: a token of its own would act for no user.
        com.nimbusds.oauth2.sdk.http.HTTPRequest request = new com.nimbusds.oauth2.sdk.TokenRequest(URI.create(kit.issuer + "/token"),
                kit.clientAuthentication("demo-partner"), new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(),
                new Scope("accounts:read customers:read")).toHTTPRequest();
        request.setHeader("DPoP", kit.proof(kit.dpopKey("demo-partner"), "POST", kit.issuer + "/token", null));
        assertOAuthError(kit.send(request), 400, "unauthorized_client", "client_credentials");

        // The machine client registered for it gets one.
        com.nimbusds.oauth2.sdk.http.HTTPRequest machine = new com.nimbusds.oauth2.sdk.TokenRequest(URI.create(kit.issuer + "/token"),
                kit.clientAuthentication("demo-service"), new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(),
                new Scope("products:read")).toHTTPRequest();
        machine.setHeader("DPoP", kit.proof(kit.dpopKey("demo-service"), "POST", kit.issuer + "/token", null));
        assertThat(kit.send(machine).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aMachineClientCannotStartTheCodeFlow() {
        // demo-service is registered for client_credentials only (RFC 7591 §2), so PAR refuses it before any user sees a page.
        assertOAuthError(kit.pushForm("demo-service", with("scope", "products:read")), 400, "unauthorized_client", "authorization_code");
    }

    @Test
    void scopesBeyondTheClientsRegistrationAreRefused() {
        assertOAuthError(kit.pushForm("demo-readonly", with("scope", "accounts:read payments:write")), 400, "invalid_scope",
                "payments:write");
    }

    @Test
    void anUnknownAuthorizationDetailsTypeIsRefused() {
        AuthorizationRequest request = kit.request("demo-partner", new CodeVerifier()).authorizationDetails(List.of(
                new AuthorizationDetail.Builder(new AuthorizationType("customer_information")).build())).build();

        assertOAuthError(kit.pushRaw("demo-partner", request), 400, "invalid_authorization_details",
                "`customer_information` is not supported");
    }

    @Test
    void aTypeTheClientIsNotRegisteredForIsRefused() {
        AuthorizationRequest request = kit.request("demo-readonly", new CodeVerifier()).authorizationDetails(List.of(
                FlowTestKit.payment("1.00", "EUR", "DE02100100109307118603", "Merchant A"))).build();

        assertOAuthError(kit.pushRaw("demo-readonly", request), 400, "invalid_authorization_details",
                "not registered for this client");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":123.5,\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"-5.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"5.001\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"5.00\",\"currency\":\"EURO\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"5.00\",\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"5.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE03100100109307118603\"}}]",
            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"5.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"debtorAccount\":{}}]",
            "[{\"type\":\"account_information\",\"actions\":[\"transfer_money\"]}]",
            "[{\"type\":\"account_information\",\"actions\":[\"read_balances\"],\"accounts\":[]}]",
            "{\"type\":\"account_information\",\"actions\":[\"read_balances\"]}",
            "not json"})
    void malformedAuthorizationDetailsAreRefused(String details) {
        assertOAuthError(kit.pushForm("demo-partner", with("authorization_details", details)), 400, "invalid_authorization_details",
                "authorization_details");
    }

    // --- the authorization endpoint ---

    @Test
    void anAuthorizationRequestWithoutParIsRefusedWithAPage() {
        String url = kit.issuer + "/authorize?client_id=demo-partner&response_type=code&scope=accounts%3Aread"
                + "&redirect_uri=" + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8)
                + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256&state=x";

        HttpResponse<String> response = kit.browser().get(url);

        assertErrorPage(response, 400, "registering it first");
        assertThat(response.body()).doesNotContain("evil.example");
    }

    @Test
    void aRequestUriIsUsedOnce() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());
        String url = kit.authorizeUrl("demo-partner", requestUri);
        kit.open(kit.browser(), url);

        assertErrorPage(kit.browser().get(url), 400, "expired or was already used");
    }

    @Test
    void aRequestUriExpiresAfterSixtySeconds() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());
        kit.clock.advance(Duration.ofSeconds(61));

        assertErrorPage(kit.browser().get(kit.authorizeUrl("demo-partner", requestUri)), 400, "expired or was already used");
    }

    @Test
    void aRequestUriWorksOnlyWithTheClientThatPushedIt() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());

        assertErrorPage(kit.browser().get(kit.authorizeUrl("demo-readonly", requestUri)), 400, "does not belong");
    }

    @Test
    void parametersNextToTheRequestUriCannotRedirectElsewhere() {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read")).build());
        String url = kit.authorizeUrl("demo-partner", requestUri) + "&redirect_uri="
                + URLEncoder.encode("https://evil.example/steal", StandardCharsets.UTF_8) + "&state=attacker";
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, url, "alice");

        URI location = TestBrowser.seeOther(kit.approve(browser, consent, List.of()));

        // Only the pushed request counts (RFC 9126 §4): the code goes to the registered URI with the pushed state.
        kit.codeFrom(location, state);
        assertThat(location.toString()).doesNotContain("evil.example").doesNotContain("attacker");
    }

    @Test
    void formsWithoutTheRightCsrfTokenAreRefusedAndChangeNothing() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner", requestUri));
        String password = kit.user("alice").password();

        HttpResponse<String> missing = browser.post("/authorize/login", List.of(Map.entry("username", "alice"), Map.entry("password", password)));
        assertErrorPage(missing, 403, "out of date");
        HttpResponse<String> wrong = browser.post("/authorize/login", List.of(Map.entry("csrf", SecretTokens.newToken()),
                Map.entry("username", "alice"), Map.entry("password", password)));
        assertErrorPage(wrong, 403, "out of date");

        // The sign-in is still at its first step: the genuine form goes through.
        assertThat(TestBrowser.seeOther(kit.login(browser, login, "alice", password)).getPath()).isEqualTo("/authorize/consent");
    }

    @Test
    void aFormPostedWithoutTheSessionCookieIsRefused() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner", requestUri));
        browser.clearCookies();

        assertErrorPage(kit.login(browser, login, "alice", kit.user("alice").password()), 400, "expired or was already completed");
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSameAnswerAndTheFormIsShownAgain() {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner", requestUri));

        HttpResponse<String> wrongPassword = kit.login(browser, login, "alice", "not-her-password");
        HttpResponse<String> unknownUser = kit.login(browser, wrongPassword, "<script>alert(1)</script>", "whatever");

        for (HttpResponse<String> page : List.of(wrongPassword, unknownUser)) {
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("<div class=\"alert\" role=\"alert\" id=\"login-error\">")
                    .contains("That username and password do not match").contains("aria-invalid=\"true\"");
        }
        assertThat(unknownUser.body()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    // --- the token endpoint ---

    /** A code for alice, with the verifier that goes with it. */
    private record Issued(String code, CodeVerifier verifier) {
    }

    private static Issued issueCode() {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state).scope(new Scope("accounts:read")).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> consent = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), "alice");
        return new Issued(kit.codeFrom(TestBrowser.seeOther(kit.approve(browser, consent, List.of())), state), verifier);
    }

    @Test
    void aWrongCodeVerifierIsRefusedAndSpendsTheCode() {
        Issued issued = issueCode();

        assertOAuthError(kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, new CodeVerifier()), 400, "invalid_grant",
                "code_verifier");
        assertOAuthError(kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, issued.verifier()), 400, "invalid_grant",
                "already used");
    }

    @Test
    void aMissingCodeVerifierIsRefused() {
        Issued issued = issueCode();

        assertOAuthError(kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, null), 400, "invalid_grant", "code_verifier");
    }

    @Test
    void aReusedCodeIsRefusedAndRevokesTheGrantItIssued() {
        Issued issued = issueCode();
        HTTPResponse first = kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, issued.verifier());
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        String grantId = (String) FlowTestKit.claims(FlowTestKit.json(first.getBody()).get("access_token").asText()).getClaim("grant_id");
        assertThat(store().grants().find(grantId).orElseThrow().revoked()).isFalse();

        assertOAuthError(kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, issued.verifier()), 400, "invalid_grant",
                "already used");

        // RFC 6749 §4.1.2: what the code issued is revoked, so that a stolen token stops working everywhere it is checked.
        assertThat(store().grants().find(grantId).orElseThrow().revoked()).isTrue();
    }

    @Test
    void aCodeExpiresAfterSixtySeconds() {
        Issued issued = issueCode();
        kit.clock.advance(Duration.ofSeconds(61));

        assertOAuthError(kit.exchange("demo-partner", issued.code(), FlowTestKit.CALLBACK, issued.verifier()), 400, "invalid_grant",
                "unknown or expired");
    }

    @Test
    void aCodeIsRedeemedOnlyByTheClientItWasIssuedTo() {
        Issued issued = issueCode();

        assertOAuthError(kit.exchange("demo-readonly", issued.code(), FlowTestKit.CALLBACK, issued.verifier()), 400, "invalid_grant",
                "not issued to this client");
    }

    @Test
    void theRedirectUriMustBeTheAuthorizationRequests() {
        Issued issued = issueCode();

        assertOAuthError(kit.exchange("demo-partner", issued.code(), URI.create("https://localhost:8445/other"), issued.verifier()), 400,
                "invalid_grant", "redirect_uri does not match");
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertOAuthError(kit.exchange("demo-partner", SecretTokens.newToken(), FlowTestKit.CALLBACK, new CodeVerifier()), 400,
                "invalid_grant", "unknown or expired");
    }

    private static JdbcStore store() {
        return (JdbcStore) kit.demo.node().store();
    }
}
