package io.bulwark.oauth.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import com.nimbusds.oauth2.sdk.rar.Action;
import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.demo.DemoUser;
import io.bulwark.demo.bank.Account;
import io.bulwark.oauth.pages.ConsentPage;
import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.Totp;
import io.bulwark.testing.ClientAssertions;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestBrowser;
import io.bulwark.tls.TlsPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running demo on free ports with a clock the test moves, and the two sides of the flow: a FAPI
 * client made of the Nimbus OAuth 2.0 SDK (PAR with private_key_jwt, PKCE, code exchange with a DPoP
 * proof, calls to the gateway with the DPoP-bound token), and {@link TestBrowser}s for the user.
 */
final class FlowTestKit implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final URI CALLBACK = URI.create(DemoEnvironment.CALLBACK);

    final Path dataDir;
    final MutableClock clock = MutableClock.atNow();
    final Demo demo;
    final String issuer;
    final SSLContext ssl;
    private final HttpClient http;

    FlowTestKit() {
        try {
            dataDir = Files.createTempDirectory("bulwark-flow");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoPorts ports = new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
        demo = Demo.start(dataDir, ports, clock);
        issuer = "https://localhost:" + ports.authorizationServer();
        ssl = TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"));
        http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void close() {
        demo.close();
    }

    // --- the client (Nimbus OAuth 2.0 SDK) ---

    /** A private_key_jwt client authentication for {@code clientId}, made now by the test's clock, aud = issuer (FAPI 2.0). */
    PrivateKeyJWT clientAuthentication(String clientId) {
        ECKey key = DemoClientCredentials.privateKey(dataDir.resolve("demo/clients/" + clientId + ".json"));
        return ClientAssertions.privateKeyJwt(clientId, key, issuer, clock.instant(), java.time.Duration.ofSeconds(60));
    }

    /** The key {@code clientId} signs its DPoP proofs with (from its demo credentials file). */
    ECKey dpopKey(String clientId) {
        return DemoClientCredentials.dpopKey(dataDir.resolve("demo/clients/" + clientId + ".json"));
    }

    /** A DPoP proof (RFC 9449 §4) by {@code key}, issued now by the test's clock; {@code accessToken} (for ath) may be null. */
    String proof(ECKey key, String method, String url, String accessToken) {
        return DpopProofs.proof(key, method, url, accessToken, null, clock.instant());
    }

    /** An authorization request as a FAPI 2.0 client makes it: code, the registered redirect URI, state, PKCE S256. */
    AuthorizationRequest.Builder request(String clientId, CodeVerifier verifier) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId)).redirectionURI(CALLBACK)
                .state(new State()).codeChallenge(verifier, CodeChallengeMethod.S256);
    }

    /** Pushes {@code request} (RFC 9126) and returns the raw answer. */
    HTTPResponse pushRaw(String clientId, AuthorizationRequest request) {
        return pushRaw(clientId, request, null);
    }

    /** As {@link #pushRaw(String, AuthorizationRequest)}, with a DPoP proof by {@code dpopKey} (RFC 9449 §10.1) unless null. */
    HTTPResponse pushRaw(String clientId, AuthorizationRequest request, ECKey dpopKey) {
        HTTPRequest httpRequest = new PushedAuthorizationRequest(URI.create(issuer + "/par"), clientAuthentication(clientId), request)
                .toHTTPRequest();
        if (dpopKey != null) {
            httpRequest.setHeader("DPoP", proof(dpopKey, "POST", issuer + "/par", null));
        }
        return send(httpRequest);
    }

    /** Pushes {@code request} and returns its request_uri. */
    URI push(String clientId, AuthorizationRequest request) {
        return push(clientId, request, null);
    }

    /** Pushes {@code request} with a DPoP proof by {@code dpopKey} (null: none), binding the code to that key. */
    URI push(String clientId, AuthorizationRequest request, ECKey dpopKey) {
        HTTPResponse response = pushRaw(clientId, request, dpopKey);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        try {
            return PushedAuthorizationResponse.parse(response).toSuccessResponse().getRequestURI();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** The URL the client sends the browser to: client_id and request_uri only. */
    String authorizeUrl(String clientId, URI requestUri) {
        return new AuthorizationRequest.Builder(requestUri, new ClientID(clientId)).endpointURI(URI.create(issuer + "/authorize"))
                .build().toURI().toString();
    }

    /** A PAR request built by hand, for requests the SDK would not make (missing or malformed parameters). */
    HttpResponse<String> pushForm(String clientId, Map<String, String> params) {
        return pushForm(clientId, params, null);
    }

    /** As {@link #pushForm(String, Map)}, with {@code dpopProof} in the DPoP header unless null. */
    HttpResponse<String> pushForm(String clientId, Map<String, String> params, String dpopProof) {
        SignedJWT assertion = clientAuthentication(clientId).getClientAssertion();
        StringBuilder body = new StringBuilder("client_assertion_type=")
                .append(encode(ClientAssertions.JWT_BEARER))
                .append("&client_assertion=").append(assertion.serialize()).append("&client_id=").append(clientId);
        params.forEach((name, value) -> body.append('&').append(encode(name)).append('=').append(encode(value)));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + "/par"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (dpopProof != null) {
                request.header("DPoP", dpopProof);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The token request for {@code code} (RFC 6749 §4.1.3 with PKCE), authenticated as {@code clientId}, with a
     * DPoP proof by the client's own DPoP key (RFC 9449 §5), so that the token is bound to it.
     */
    HTTPResponse exchange(String clientId, String code, URI redirectUri, CodeVerifier verifier) {
        return exchange(clientId, code, redirectUri, verifier, dpopKey(clientId));
    }

    /** As {@link #exchange(String, String, URI, CodeVerifier)}, with a proof by {@code dpopKey} (null: no proof). */
    HTTPResponse exchange(String clientId, String code, URI redirectUri, CodeVerifier verifier, ECKey dpopKey) {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier);
        HTTPRequest request = new TokenRequest(URI.create(issuer + "/token"), clientAuthentication(clientId), grant).toHTTPRequest();
        if (dpopKey != null) {
            request.setHeader("DPoP", proof(dpopKey, "POST", issuer + "/token", null));
        }
        return send(request);
    }

    /** A refresh-token request (RFC 6749 §6) of {@code clientId}, with a DPoP proof by the client's own DPoP key. */
    HTTPResponse refresh(String clientId, String refreshToken) {
        HTTPRequest request = new TokenRequest(URI.create(issuer + "/token"), clientAuthentication(clientId),
                new com.nimbusds.oauth2.sdk.RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(refreshToken)))
                .toHTTPRequest();
        request.setHeader("DPoP", proof(dpopKey(clientId), "POST", issuer + "/token", null));
        return send(request);
    }

    /** {@code GET path} at the gateway with a DPoP-bound token: {@code Authorization: DPoP} and a proof with ath (RFC 9449 §7). */
    HttpResponse<String> callGateway(String path, String accessToken, ECKey dpopKey) {
        String url = "https://localhost:" + demo.environment().ports().gateway() + path;
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + accessToken)
                    .header("DPoP", proof(dpopKey, "GET", url, accessToken)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code POST path} at the gateway with a JSON body and a DPoP-bound token, as {@link #callGateway} does for GET. */
    HttpResponse<String> postGateway(String path, String json, String accessToken, ECKey dpopKey) {
        String url = "https://localhost:" + demo.environment().ports().gateway() + path;
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + accessToken)
                    .header("DPoP", proof(dpopKey, "POST", url, accessToken)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    TokenResponse parseToken(HTTPResponse response) {
        try {
            return TokenResponse.parse(response);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    static JWTClaimsSet claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    // --- authorization details, as the client writes them ---

    static AuthorizationDetail accountInformation(List<String> accountIds, String... actions) {
        AuthorizationDetail.Builder detail = new AuthorizationDetail.Builder(new AuthorizationType("account_information"))
                .actions(List.of(actions).stream().map(Action::new).toList());
        if (!accountIds.isEmpty()) {
            detail.field("accounts", accountIds);
        }
        return detail.build();
    }

    static AuthorizationDetail payment(String amount, String currency, String iban, String name) {
        return new AuthorizationDetail.Builder(new AuthorizationType("payment_initiation"))
                .field("instructedAmount", Map.of("amount", amount, "currency", currency))
                .field("creditorAccount", Map.of("iban", iban))
                .field("creditorName", name)
                .build();
    }

    // --- the user ---

    TestBrowser browser() {
        return new TestBrowser(issuer, ssl);
    }

    DemoUser user(String username) {
        return demo.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }

    List<Account> accountsOf(String subject) {
        return demo.bankData().accountsOf(subject);
    }

    /** The code {@code username}'s authenticator shows now (by the test's clock). */
    String totp(String username) {
        return Totp.code(Base32.decode(user(username).totpSecret()), Totp.step(clock.instant()));
    }

    /** Opens the sign-in at {@code authorizeUrl} and returns the login page. */
    HttpResponse<String> open(TestBrowser browser, String authorizeUrl) {
        URI login = TestBrowser.seeOther(browser.get(authorizeUrl));
        assertThat(login.getPath()).isEqualTo("/authorize/login");
        HttpResponse<String> page = browser.get(login.toString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page;
    }

    /** Submits username and password on {@code loginPage}. */
    HttpResponse<String> login(TestBrowser browser, HttpResponse<String> loginPage, String username, String password) {
        return browser.post("/authorize/login", List.of(Map.entry("csrf", TestBrowser.csrf(loginPage)),
                Map.entry("username", username), Map.entry("password", password)));
    }

    /** Signs {@code username} in with their demo password and returns the page that follows (TOTP or consent). */
    HttpResponse<String> signIn(TestBrowser browser, String authorizeUrl, String username) {
        HttpResponse<String> page = open(browser, authorizeUrl);
        URI next = TestBrowser.seeOther(login(browser, page, username, user(username).password()));
        return browser.get(next.toString());
    }

    /** Approves on {@code consentPage} with exactly {@code accountFields} ticked (name, account id pairs). */
    HttpResponse<String> approve(TestBrowser browser, HttpResponse<String> consentPage, List<Map.Entry<String, String>> accountFields) {
        List<Map.Entry<String, String>> form = new java.util.ArrayList<>();
        form.add(Map.entry("csrf", TestBrowser.csrf(consentPage)));
        form.addAll(accountFields);
        form.add(Map.entry("decision", "approve"));
        return browser.post("/authorize/consent", form);
    }

    /**
     * A whole code flow: {@code username} allows {@code clientId} {@code scope} and {@code details} (every account
     * offered stays ticked), and the client exchanges the code; the token response, with the grant behind it.
     */
    com.nimbusds.oauth2.sdk.AccessTokenResponse grant(String username, String clientId, com.nimbusds.oauth2.sdk.Scope scope,
                                                      List<AuthorizationDetail> details) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest.Builder request = request(clientId, verifier).state(state).scope(scope);
        if (!details.isEmpty()) {
            request.authorizationDetails(details);
        }
        URI requestUri = push(clientId, request.build());
        TestBrowser browser = browser();
        HttpResponse<String> consent = signIn(browser, authorizeUrl(clientId, requestUri), username);
        List<Map.Entry<String, String>> ticked = TestBrowser.checkboxes(consent, ConsentPage.ACCOUNT_FIELD_PREFIX);
        String code = codeFrom(TestBrowser.seeOther(approve(browser, consent, ticked)), state);
        HTTPResponse response = exchange(clientId, code, CALLBACK, verifier);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return parseToken(response).toSuccessResponse();
    }

    /**
     * Signs {@code username} in at the account pages ({@code GET /account/grants}, password, then the TOTP code
     * if the user has one, a new 30-second step so that the code is fresh) and returns their grants page.
     */
    HttpResponse<String> accountSignIn(TestBrowser browser, String username) {
        HttpResponse<String> login = browser.get("/account/grants");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        URI next = TestBrowser.seeOther(browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                Map.entry("username", username), Map.entry("password", user(username).password()))));
        HttpResponse<String> page = browser.get(next.toString());
        if (page.body().contains("action=\"/account/verify\"")) {
            clock.advance(java.time.Duration.ofSeconds(30));
            next = TestBrowser.seeOther(browser.post("/account/verify", List.of(Map.entry("csrf", TestBrowser.csrf(page)),
                    Map.entry("code", totp(username)))));
            page = browser.get(next.toString());
        }
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Your connected apps");
        return page;
    }

    /** The code in a redirect to the client, after checking that it went to the registered URI with state and iss. */
    String codeFrom(URI location, State state) {
        assertThat(location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath()).isEqualTo(CALLBACK.toString());
        Map<String, String> params = TestBrowser.query(location);
        assertThat(params).containsEntry("state", state.getValue()).containsEntry("iss", issuer).containsKey("code");
        return params.get("code");
    }

    HTTPResponse send(HTTPRequest request) {
        request.setSSLSocketFactory(ssl.getSocketFactory());
        try {
            return request.send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
