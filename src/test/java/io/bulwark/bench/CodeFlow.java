package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import io.bulwark.oauth.pages.ConsentPage;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.TestBrowser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One FAPI 2.0 authorization-code flow over HTTPS, as the client and the user's browser make it, each step timed:
 * PAR (client), the authorization request and the sign-in page (browser), the password, the TOTP code when asked
 * (payments), the consent page and its approval ending in the redirect with the code, the token request (client,
 * DPoP), and optionally one gateway call with the token. Anything but the expected answer fails the flow.
 */
final class CodeFlow {

    /** The steps, in order; each is the requests named, timed from the first request to the last answer. */
    enum Step {
        /** POST /par with the client assertion and a DPoP proof: 201 and a request_uri. */
        PAR("PAR"),
        /** GET /authorize?client_id&request_uri (303), then GET the sign-in page (200). */
        AUTHORIZE("authorize"),
        /** POST the username and password (Argon2id): 303 to the next stage. */
        SIGN_IN("sign-in"),
        /** GET the TOTP page and POST the code (payments only): 303 to the consent page. */
        SECOND_FACTOR("TOTP"),
        /** GET the consent page and POST approve: 303 to the client's redirect URI with code, state and iss. */
        CONSENT("consent"),
        /** POST /token with the code, PKCE verifier, client assertion and DPoP proof: 200 and a DPoP-bound token. */
        TOKEN("token"),
        /** GET /bank/v1/accounts at the gateway with the token and a DPoP proof with ath: 200. */
        GATEWAY("gateway call");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final HttpClient client;
    private final SSLContext ssl;
    private final ECKey dpopKey;

    /**
     * @param client     the client's own connections to the authorization server (kept alive, as a server-side app keeps them)
     * @param ssl    what each flow's new browser trusts: a browser per flow, so a new TLS connection per flow
     */
    CodeFlow(String issuer, HttpClient client, SSLContext ssl, ECKey dpopKey) {
        this.issuer = issuer;
        this.client = client;
        this.ssl = ssl;
        this.dpopKey = dpopKey;
    }

    /** A browser of its own: its first request opens a new TLS connection, as a user's browser does. */
    TestBrowser newBrowser() {
        return new TestBrowser(issuer, ssl);
    }

    /**
     * Runs {@code ticket}'s flow in a new browser and returns its access token; throws (naming what was wrong) unless
     * every step succeeds.
     */
    String run(FlowTicket ticket, StepTimes times) throws IOException, InterruptedException {
        try (TestBrowser browser = newBrowser()) {
            return run(ticket, times, browser);
        }
    }

    /** As {@link #run(FlowTicket, StepTimes)} in {@code browser}, whose cookies are cleared first and connections kept. */
    String run(FlowTicket ticket, StepTimes times, TestBrowser browser) throws IOException, InterruptedException {
        browser.clearCookies();
        times.start(Step.PAR);
        HttpResponse<String> pushed = post(issuer + "/par", ticket.parBody(), ticket.parProof());
        expect(pushed, 201);
        String requestUri = JSON.readTree(pushed.body()).path("request_uri").asText();
        times.stop();

        times.start(Step.AUTHORIZE);
        URI loginUri = TestBrowser.seeOther(browser.get(issuer + "/authorize?client_id=" + FlowTickets.CLIENT
                + "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8)));
        HttpResponse<String> login = expect(browser.get(loginUri.toString()), 200);
        times.stop();

        times.start(Step.SIGN_IN);
        URI next = TestBrowser.seeOther(browser.post("/authorize/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                Map.entry("username", ticket.user().username()), Map.entry("password", ticket.user().password()))));
        times.stop();

        if (next.getPath().equals("/authorize/verify")) {
            if (ticket.secondFactorCode() == null) {
                throw new IllegalStateException("a second factor was asked for a flow that has no code");
            }
            times.start(Step.SECOND_FACTOR);
            HttpResponse<String> verify = expect(browser.get(next.toString()), 200);
            next = TestBrowser.seeOther(browser.post("/authorize/verify", List.of(Map.entry("csrf", TestBrowser.csrf(verify)),
                    Map.entry("code", ticket.secondFactorCode()))));
            times.stop();
        }

        times.start(Step.CONSENT);
        if (!next.getPath().equals("/authorize/consent")) {
            throw new IllegalStateException("expected the consent page, was sent to " + next.getPath());
        }
        HttpResponse<String> consent = expect(browser.get(next.toString()), 200);
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("csrf", TestBrowser.csrf(consent)));
        form.addAll(TestBrowser.checkboxes(consent, ConsentPage.ACCOUNT_FIELD_PREFIX));
        form.add(Map.entry("decision", "approve"));
        URI landed = TestBrowser.seeOther(browser.post("/authorize/consent", form));
        times.stop();
        String code = codeFrom(landed, ticket);

        times.start(Step.TOKEN);
        String body = new TokenRequest(URI.create(issuer + "/token"), ticket.tokenAuthentication(),
                new AuthorizationCodeGrant(new AuthorizationCode(code), FlowTickets.CALLBACK, ticket.verifier())).toHTTPRequest().getBody();
        HttpResponse<String> token = expect(post(issuer + "/token", body, ticket.tokenProof()), 200);
        times.stop();
        JsonNode tokens = JSON.readTree(token.body());
        String accessToken = tokens.path("access_token").asText();
        if (accessToken.isEmpty() || !"DPoP".equals(tokens.path("token_type").asText())) {
            throw new IllegalStateException("the token response has no DPoP-bound access token");
        }

        if (ticket.resource() != null) {
            // Signed before the step's clock starts: it needs the token (ath), so it cannot be made ahead of the flow.
            String proof = DpopProofs.proof(dpopKey, "GET", ticket.resource(), accessToken);
            times.start(Step.GATEWAY);
            expect(client.send(HttpRequest.newBuilder(URI.create(ticket.resource())).header("Authorization", "DPoP " + accessToken)
                    .header("DPoP", proof).build(), HttpResponse.BodyHandlers.ofString()), 200);
            times.stop();
        }
        return accessToken;
    }

    private HttpResponse<String> post(String url, String form, String dpopProof) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", dpopProof).POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The code of a redirect to the client, after checking that it went to the registered URI with our state and iss (RFC 9207). */
    private String codeFrom(URI location, FlowTicket ticket) {
        if (!(location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath()).equals(FlowTickets.CALLBACK.toString())) {
            throw new IllegalStateException("the redirect did not go to the client's redirect URI but to " + location.getRawPath());
        }
        Map<String, String> params = TestBrowser.query(location);
        if (!ticket.state().getValue().equals(params.get("state")) || !issuer.equals(params.get("iss")) || !params.containsKey("code")) {
            throw new IllegalStateException("the redirect lacks the code, our state or iss: error=" + params.get("error"));
        }
        return params.get("code");
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            String body = response.body();
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + body.substring(0, Math.min(200, body.length())));
        }
        return response;
    }
}
