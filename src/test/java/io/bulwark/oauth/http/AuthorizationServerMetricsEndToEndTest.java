package io.bulwark.oauth.http;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.observability.Exposition;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization server's metrics after a real authorization-code flow over HTTPS (PAR, a wrong then a right password,
 * a wrong then a right TOTP code, consent, code exchange): each outcome moves its own series by one.
 */
class AuthorizationServerMetricsEndToEndTest {

    private static FlowTestKit kit;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static Exposition scrape() {
        return Exposition.parse(kit.demo.node().metrics().scrape(null).body());
    }

    @Test
    void eachStepOfASignInAndConsentIsCountedOnce() {
        Map<String, String> par = Map.of("endpoint", "par", "outcome", "ok");
        Map<String, String> wrongPassword = Map.of("factor", "password", "reason", "wrong_password");
        Map<String, String> wrongCode = Map.of("factor", "second_factor", "reason", "wrong_code");
        Map<String, String> codeRefused = Map.of("outcome", "refused");
        Map<String, String> codeAccepted = Map.of("outcome", "accepted");
        Map<String, String> granted = Map.of("decision", "granted");
        Map<String, String> issued = Map.of("grant_type", "authorization_code", "client_auth_method", "private_key_jwt",
                "sender_constraint", "dpop");
        Exposition before = scrape();

        kit.clock.advance(Duration.ofSeconds(30)); // a fresh TOTP step: each code is accepted once
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", verifier).state(state)
                .scope(new Scope("payments:write"))
                .authorizationDetails(List.of(FlowTestKit.payment("10.00", "GBP", "GB33BUKB20201555555555", "Corner Shop"))).build());
        TestBrowser browser = kit.browser();
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner", requestUri));
        HttpResponse<String> retry = kit.login(browser, login, "alice", "not alice's password");
        assertThat(retry.statusCode()).isEqualTo(400);
        URI next = TestBrowser.seeOther(kit.login(browser, retry, "alice", kit.user("alice").password()));
        // A payment asks for the second factor.
        assertThat(next.getPath()).isEqualTo("/authorize/verify");
        HttpResponse<String> verify = browser.get(next.toString());
        HttpResponse<String> wrong = browser.post("/authorize/verify", List.of(Map.entry("csrf", TestBrowser.csrf(verify)),
                Map.entry("code", kit.totp("alice").equals("000000") ? "111111" : "000000")));
        assertThat(wrong.statusCode()).isEqualTo(400);
        HttpResponse<String> page = browser.get(TestBrowser.seeOther(browser.post("/authorize/verify",
                List.of(Map.entry("csrf", TestBrowser.csrf(wrong)), Map.entry("code", kit.totp("alice"))))).toString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        URI location = TestBrowser.seeOther(kit.approve(browser, page, List.of()));
        TokenResponse response = kit.parseToken(kit.exchange("demo-partner", kit.codeFrom(location, state), FlowTestKit.CALLBACK, verifier));
        assertThat(response.indicatesSuccess()).as(response.toHTTPResponse().getBody()).isTrue();

        Exposition after = scrape();
        assertThat(after.value("bulwark_oauth_requests_total", par)).isEqualTo(before.value("bulwark_oauth_requests_total", par) + 1);
        assertThat(after.value("bulwark_user_authentication_failures_total", wrongPassword))
                .isEqualTo(before.value("bulwark_user_authentication_failures_total", wrongPassword) + 1);
        assertThat(after.value("bulwark_user_authentication_failures_total", wrongCode))
                .isEqualTo(before.value("bulwark_user_authentication_failures_total", wrongCode) + 1);
        assertThat(after.value("bulwark_second_factor_checks_total", codeRefused))
                .isEqualTo(before.value("bulwark_second_factor_checks_total", codeRefused) + 1);
        assertThat(after.value("bulwark_second_factor_checks_total", codeAccepted))
                .isEqualTo(before.value("bulwark_second_factor_checks_total", codeAccepted) + 1);
        assertThat(after.value("bulwark_consent_decisions_total", granted)).isEqualTo(before.value("bulwark_consent_decisions_total", granted) + 1);
        assertThat(after.value("bulwark_tokens_issued_total", issued)).isEqualTo(before.value("bulwark_tokens_issued_total", issued) + 1);
        assertThat(after.value("bulwark_security_events_total", Map.of("type", "login_failed")))
                .isEqualTo(before.value("bulwark_security_events_total", Map.of("type", "login_failed")) + 1);
        assertThat(after.text()).doesNotContain(response.toSuccessResponse().getTokens().getAccessToken().getValue())
                .doesNotContain(kit.user("alice").password()).doesNotContain("alice");
    }
}
