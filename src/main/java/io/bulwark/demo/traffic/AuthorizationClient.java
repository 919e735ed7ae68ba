package io.bulwark.demo.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.oauth.pages.ConsentPage;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A partner client at the demo's authorization server, as a FAPI 2.0 client talks to it: client credentials, the
 * authorization-code flow through PAR (RFC 9126) with PKCE S256 (RFC 7636), RFC 9396 details and a DPoP-bound code (RFC
 * 9449 §10), the user signing in through the real pages (password, TOTP for payments, consent), and refresh.
 */
final class AuthorizationClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final LiveEndpoints endpoints;
    private final LoopbackNetworks networks;

    AuthorizationClient(LiveEndpoints endpoints, LoopbackNetworks networks) {
        this.endpoints = endpoints;
        this.networks = networks;
    }

    /** RFC 6749 §4.4: a token for the client itself. */
    TokenSet clientCredentials(PartnerCredentials partner, String scope) throws IOException, InterruptedException {
        return token(partner, form("grant_type", "client_credentials", "scope", scope));
    }

    /** RFC 6749 §6: a new access token for the grant behind {@code refreshToken}, bound to the same DPoP key. */
    TokenSet refresh(PartnerCredentials partner, String refreshToken) throws IOException, InterruptedException {
        TokenSet renewed = token(partner, form("grant_type", "refresh_token", "refresh_token", refreshToken));
        return renewed.refreshToken() == null ? new TokenSet(renewed.accessToken(), renewed.expiresAt(), refreshToken) : renewed;
    }

    /**
     * The whole code flow for {@code user}: PAR with {@code detailsJson}, the sign-in pages in a new browser (the TOTP
     * step when the server asks, which it does for payments), consent with every offered account ticked, and the code
     * exchanged for tokens.
     */
    TokenSet authorize(PartnerCredentials partner, UserSignIn user, String scope, String detailsJson) throws IOException, InterruptedException {
        String verifier = base64url(random(32));
        String state = base64url(random(16));
        URI login;
        try (SignInBrowser browser = new SignInBrowser(networks.ssl(), "127.0.0.1")) {
            login = beginSignIn(partner, browser, scope, detailsJson, verifier, state);
            HttpResponse<String> page = expect(browser.get(login), 200);
            URI next = SignInBrowser.seeOther(browser.post(login, List.of(Map.entry("csrf", SignInBrowser.csrf(page)),
                    Map.entry("username", user.username()), Map.entry("password", user.password()))));
            if (next.getPath().equals("/authorize/verify")) {
                HttpResponse<String> verify = expect(browser.get(next), 200);
                next = SignInBrowser.seeOther(browser.post(next, List.of(Map.entry("csrf", SignInBrowser.csrf(verify)),
                        Map.entry("code", user.nextCode()))));
            }
            if (!next.getPath().equals("/authorize/consent")) {
                throw new IllegalStateException("the sign-in of " + user.username() + " went to " + next.getPath() + ", not the consent page");
            }
            HttpResponse<String> consent = expect(browser.get(next), 200);
            List<Map.Entry<String, String>> approve = new ArrayList<>();
            approve.add(Map.entry("csrf", SignInBrowser.csrf(consent)));
            approve.addAll(SignInBrowser.checkboxes(consent, ConsentPage.ACCOUNT_FIELD_PREFIX));
            approve.add(Map.entry("decision", "approve"));
            URI landed = SignInBrowser.seeOther(browser.post(next, approve));
            Map<String, String> query = query(landed);
            if (!state.equals(query.get("state")) || !endpoints.issuer().equals(query.get("iss")) || !query.containsKey("code")) {
                throw new IllegalStateException("the redirect to the client lacks the code, its state or iss (RFC 9207): error="
                        + query.get("error"));
            }
            return token(partner, form("grant_type", "authorization_code", "code", query.get("code"), "redirect_uri",
                    DemoEnvironment.CALLBACK, "code_verifier", verifier));
        }
    }

    /** PAR, then the browser's first stop at {@code /authorize}: returns the sign-in page it is sent to. */
    URI beginSignIn(PartnerCredentials partner, SignInBrowser browser, String scope, String detailsJson, String verifier, String state)
            throws IOException, InterruptedException {
        Map<String, String> par = form("response_type", "code", "client_id", partner.clientId(), "redirect_uri", DemoEnvironment.CALLBACK,
                "scope", scope, "state", state, "code_challenge", base64url(sha256(verifier)), "code_challenge_method", "S256",
                "authorization_details", detailsJson);
        HttpResponse<String> pushed = postForm(partner, endpoints.issuer() + "/par", par);
        if (pushed.statusCode() != 201) {
            throw new IllegalStateException("PAR for " + partner.clientId() + " answered " + pushed.statusCode() + ": " + excerpt(pushed.body()));
        }
        String requestUri = JSON.readTree(pushed.body()).path("request_uri").asText();
        return SignInBrowser.seeOther(browser.get(URI.create(endpoints.issuer() + "/authorize?client_id="
                + encode(partner.clientId()) + "&request_uri=" + encode(requestUri))));
    }

    private TokenSet token(PartnerCredentials partner, Map<String, String> grant) throws IOException, InterruptedException {
        HttpResponse<String> response = postForm(partner, endpoints.issuer() + "/token", grant);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the token endpoint answered " + partner.clientId() + " " + response.statusCode() + ": "
                    + excerpt(response.body()));
        }
        JsonNode body = JSON.readTree(response.body());
        if (!"DPoP".equals(body.path("token_type").asText())) {
            throw new IllegalStateException("the token endpoint gave " + partner.clientId() + " no DPoP-bound token");
        }
        String refresh = body.path("refresh_token").asText(null);
        return new TokenSet(body.path("access_token").asText(), Instant.now().plusSeconds(body.path("expires_in").asLong(60)), refresh);
    }

    /** A form post by the client, authenticated with a fresh assertion and carrying a DPoP proof. */
    private HttpResponse<String> postForm(PartnerCredentials partner, String publicUrl, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("client_assertion_type", JWT_BEARER);
        all.put("client_assertion", partner.assertion(endpoints.issuer()));
        String body = all.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return networks.client("127.0.0.1").send(HttpRequest.newBuilder(LiveEndpoints.connect(publicUrl))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", partner.proof("POST", publicUrl, null))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " instead of " + status);
        }
        return response;
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static Map<String, String> query(URI location) {
        Map<String, String> query = new LinkedHashMap<>();
        if (location.getRawQuery() != null) {
            for (String pair : location.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The start of an error body, for a message: problem documents and OAuth errors hold no secret. */
    private static String excerpt(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
