package io.bulwark.oauth.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.Totp;
import io.bulwark.testing.TestBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone holding a user's password guesses TOTP codes over real TLS on a running demo, at the account pages' and the
 * authorization flow's verify steps: the second factor counts its failures on its own, a right password does not
 * reset that count, and after 5 it is locked for 30 minutes, with a security event.
 */
class SecondFactorLockoutTest {

    private static final String USER = "bob";
    private static final String NOT_RIGHT = "That code is not right";
    private static final String TOO_MANY = "Too many attempts. Wait a few minutes, then try again.";

    private static FlowTestKit kit;
    private static final ListAppender<ILoggingEvent> SECURITY_EVENTS = new ListAppender<>();

    @BeforeAll
    static void start() {
        kit = new FlowTestKit();
        SECURITY_EVENTS.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(SECURITY_EVENTS);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("bulwark.security")).detachAppender(SECURITY_EVENTS);
        kit.close();
    }

    /** The account pages' sign-in with the right password; returns the page asking for the code. */
    private static HttpResponse<String> accountPassword(TestBrowser browser) {
        HttpResponse<String> login = browser.get("/account/grants");
        URI next = TestBrowser.seeOther(browser.post("/account/login", List.of(Map.entry("csrf", TestBrowser.csrf(login)),
                Map.entry("username", USER), Map.entry("password", kit.user(USER).password()))));
        HttpResponse<String> verify = browser.get(next.toString());
        assertThat(verify.body()).contains("action=\"/account/verify\"");
        return verify;
    }

    /** The authorization flow's sign-in for a payment with the right password; returns the page asking for the code. */
    private static HttpResponse<String> flowPassword(TestBrowser browser) {
        URI requestUri = kit.push("demo-partner", kit.request("demo-partner", new CodeVerifier())
                .authorizationDetails(List.of(FlowTestKit.payment("10.00", "GBP", "GB33BUKB20201555555555", "Corner Shop"))).build());
        HttpResponse<String> verify = kit.signIn(browser, kit.authorizeUrl("demo-partner", requestUri), USER);
        assertThat(verify.uri().getPath()).isEqualTo("/authorize/verify");
        return verify;
    }

    /** A six-digit code that none of the steps accepted now (RFC 6238, one step either side) has. */
    private static String wrongCode(int seed) {
        byte[] secret = Base32.decode(kit.user(USER).totpSecret());
        long step = Totp.step(kit.clock.instant());
        Set<String> valid = Set.of(Totp.code(secret, step - 1), Totp.code(secret, step), Totp.code(secret, step + 1));
        for (int candidate = 123_457 * (seed + 1); ; candidate += 7) {
            String code = String.format("%06d", candidate % 1_000_000);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    private static HttpResponse<String> sendCode(TestBrowser browser, HttpResponse<String> verifyPage, String path, String code) {
        return browser.post(path, List.of(Map.entry("csrf", TestBrowser.csrf(verifyPage)), Map.entry("code", code)));
    }

    @Test
    void aPasswordHolderGetsFiveGuessesAtTheSecondFactorThenItIsLockedForThirtyMinutes() {
        // The attack: sign in with the right password, send three wrong codes, wait out any delay, repeat. The
        // rounds take turns between the account pages and the authorization flow: one count for both.
        List<String> answers = new ArrayList<>();
        int guess = 0;
        for (int round = 0; round < 4; round++) {
            TestBrowser browser = kit.browser();
            boolean account = round % 2 == 0;
            HttpResponse<String> verify = account ? accountPassword(browser) : flowPassword(browser);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = sendCode(browser, verify, account ? "/account/verify" : "/authorize/verify", wrongCode(guess++));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                answers.add(answer.body().contains(NOT_RIGHT) ? "checked" : answer.body().contains(TOO_MANY) ? "refused" : answer.body());
            }
            kit.clock.advance(Duration.ofSeconds(31));
        }
        // Only five codes were ever checked (before: three per right password, without end).
        assertThat(answers).filteredOn("checked"::equals).hasSize(5);
        assertThat(answers.subList(answers.lastIndexOf("checked") + 1, answers.size())).isNotEmpty().containsOnly("refused");
        assertThat(SECURITY_EVENTS.list).filteredOn(e -> e.getFormattedMessage().contains("authentication_lockout"))
                .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("second_factor").contains(USER));
        assertThat(io.bulwark.observability.Exposition.parse(kit.demo.node().metrics().scrape(null).body())
                .value("bulwark_authentication_lockouts_total", Map.of("locked", "second_factor"))).as("the lockout, in the metrics").isEqualTo(1);

        // Locked: the password still signs in, but even the right code is refused, at both verify steps.
        TestBrowser browser = kit.browser();
        HttpResponse<String> verify = accountPassword(browser);
        assertThat(sendCode(browser, verify, "/account/verify", kit.totp(USER)).body()).contains(TOO_MANY);
        TestBrowser inFlow = kit.browser();
        assertThat(sendCode(inFlow, flowPassword(inFlow), "/authorize/verify", kit.totp(USER)).body()).contains(TOO_MANY);

        // Thirty minutes after the lockout, the right code signs in.
        kit.clock.advance(Duration.ofMinutes(30));
        TestBrowser later = kit.browser();
        HttpResponse<String> verifyLater = accountPassword(later);
        URI grants = TestBrowser.seeOther(sendCode(later, verifyLater, "/account/verify", kit.totp(USER)));
        assertThat(later.get(grants.toString()).body()).contains("Your connected apps");
    }
}
