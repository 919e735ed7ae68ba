package io.bulwark.oauth.http;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.response.AnomalyAction;
import io.bulwark.anomaly.response.AnomalyActions;
import io.bulwark.anomaly.response.AnomalyResponder;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An anomaly response's step-up on a running demo over TLS: a flagged user must give their TOTP code before a consent
 * that asks for no payment; a flagged user without a second factor is refused with a page that says so; observe mode
 * and a lift ask nothing more than the flow does anyway.
 */
class StepUpSignInTest {

    private static FlowTestKit kit;
    private static JdbcStore store;

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        store = (JdbcStore) kit.demo.node().store();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static AnomalyResponder responder(Mode mode) {
        return new AnomalyResponder(new AnomalyResponseConfig(mode, List.of(new Rule(List.of("behaviour.*"), Level.LOW, Set.of(SubjectKind.USER),
                Action.STEP_UP, Optional.of(Duration.ofMinutes(15)), Optional.empty())), AnomalyResponseConfig.Circuit.DEFAULT, Set.of(), Set.of(),
                Duration.ofSeconds(30)), store.anomalyActions(), store.clients(), store.grants(), event -> { }, kit.clock);
    }

    private static void flag(Mode mode, String subject) {
        AnomalyAlert alert = new AnomalyAlert(kit.clock.instant(), AnomalyAlert.Detector.BEHAVIOUR, "behaviour.takeover",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.USER, subject), AnomalyAlert.Severity.HIGH, 0.99, List.of("new country"), null);
        assertThat(responder(mode).respond(alert)).isEqualTo(AnomalyResponder.Decision.ACTED);
    }

    /** Signs {@code username} in for account access only (no payment), and returns the page the password leads to. */
    private static HttpResponse<String> signInForAccounts(TestBrowser browser, String username, String password) {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier()).state(new State())
                .scope(new Scope("accounts:read")).build());
        HttpResponse<String> login = kit.open(browser, kit.authorizeUrl("demo-partner", requestUri));
        HttpResponse<String> answer = kit.login(browser, login, username, password);
        return answer.statusCode() == 303 ? browser.get(TestBrowser.seeOther(answer).toString()) : answer;
    }

    @Test
    void aFlaggedUserGivesTheirSecondFactorBeforeAnyConsentUntilTheStepUpIsLifted() {
        String alice = kit.user("alice").subject();
        assertThat(signInForAccounts(kit.browser(), "alice", kit.user("alice").password()).uri().getPath())
                .as("not flagged: straight to consent").isEqualTo("/authorize/consent");

        flag(Mode.OBSERVE, alice);
        assertThat(signInForAccounts(kit.browser(), "alice", kit.user("alice").password()).uri().getPath())
                .as("observe asks nothing more").isEqualTo("/authorize/consent");

        flag(Mode.ENFORCE, alice);
        TestBrowser browser = kit.browser();
        HttpResponse<String> verify = signInForAccounts(browser, "alice", kit.user("alice").password());
        assertThat(verify.uri().getPath()).isEqualTo("/authorize/verify");
        assertThat(verify.body()).contains("is asking for access to your accounts. For your security, the bank needs a second check")
                .doesNotContain("make a payment");
        URI consent = TestBrowser.seeOther(browser.post("/authorize/verify",
                List.of(Map.entry("csrf", TestBrowser.csrf(verify)), Map.entry("code", kit.totp("alice")))));
        assertThat(consent.getPath()).isEqualTo("/authorize/consent");
        assertThat(browser.get(consent.toString()).statusCode()).isEqualTo(200);
        assertThat(signInForAccounts(kit.browser(), "bob", kit.user("bob").password()).uri().getPath())
                .as("another user is not asked").isEqualTo("/authorize/consent");

        AnomalyAction stepUp = store.anomalyActions().live(Action.STEP_UP, SubjectKind.USER, alice, AnomalyAction.Status.ACTIVE,
                kit.clock.instant()).getFirst();
        new AnomalyActions(store.anomalyActions(), store.clients(), event -> { }, kit.clock).lift(stepUp.id(), "operator", null);
        assertThat(signInForAccounts(kit.browser(), "alice", kit.user("alice").password()).uri().getPath())
                .as("lifted").isEqualTo("/authorize/consent");
    }

    @Test
    void aFlaggedUserWithoutASecondFactorIsRefusedWithAPageThatSaysWhy() {
        kit.demo.node().users().ensure("carol", "customer-carol", "Carol", "carol-has-no-totp-1", null);
        assertThat(signInForAccounts(kit.browser(), "carol", "carol-has-no-totp-1").uri().getPath())
                .as("not flagged: straight to consent").isEqualTo("/authorize/consent");

        flag(Mode.ENFORCE, "customer-carol");
        HttpResponse<String> refused = signInForAccounts(kit.browser(), "carol", "carol-has-no-totp-1");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Extra verification needed", "your account has none set up", "Contact your bank");
    }
}
