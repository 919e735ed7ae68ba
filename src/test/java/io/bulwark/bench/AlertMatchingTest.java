package io.bulwark.bench;

import io.bulwark.demo.traffic.Attack;
import io.bulwark.demo.traffic.AttackKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Synthetic alerts against synthetic attacks: each way an alert matches, each way it does not, and the report's figures. */
class AlertMatchingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(2);

    private static final Attack BOLA = new Attack("attack-1", AttackKind.BOLA_ENUMERATION, "partner-01", "alice", List.of("127.0.0.1"),
            List.of(), T0, T0.plusSeconds(60), List.of("req-b1", "req-b2"));
    private static final Attack STUFFING = new Attack("attack-2", AttackKind.CREDENTIAL_STUFFING, "partner-02", null, List.of("127.0.0.5"),
            List.of("bob", "carol@mail.example"), T0.plusSeconds(600), T0.plusSeconds(900), List.of("req-s1"));
    private static final Attack SCRAPING = new Attack("attack-3", AttackKind.BULK_SCRAPING, "partner-03", null, List.of("127.0.0.1"),
            List.of(), T0.plusSeconds(1200), T0.plusSeconds(1260), List.of("req-x1"));
    private static final Attack INJECTION = new Attack("attack-4", AttackKind.CONTENT_INJECTION, "partner-04", "dave", List.of("127.0.0.1"),
            List.of(), T0.plusSeconds(3000), T0.plusSeconds(3600), List.of("req-i1", "req-i2"));
    private static final List<Attack> ATTACKS = List.of(BOLA, STUFFING, SCRAPING, INJECTION);

    private static ObservedAlert alert(long secondsAfterT0, String subjectKind, String subject, String requestId) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        return new ObservedAlert(at, at.minusSeconds(1), "behaviour", "behaviour.rate", subjectKind, subject, requestId);
    }

    @Test
    void alertsMatchByRequestIdOrByActorWithinTheAttackAndItsGrace() {
        List<ObservedAlert> alerts = List.of(
                alert(30, "user", "alice", null),                       // BOLA: its user, during it
                alert(45, "client", "partner-01", null),                // BOLA again: its client
                alert(700, "user", "carol@mail.example", null),        // stuffing: a username it tried
                alert(1260 + 119, "client", "partner-03", null),        // scraping: within the grace
                alert(9000, "operation", "initiatePayment", "req-i2"),  // injection: its request, long after
                alert(1260 + 121, "client", "partner-03", null),        // after the grace: false alarm
                alert(-10, "user", "alice", null),                      // before BOLA started: false alarm
                alert(30, "client", "partner-09", null),                // nobody attacking: false alarm
                alert(3100, "operation", "initiatePayment", "req-zz")); // a request of no attack: false alarm

        AlertMatching.Result result = AlertMatching.match(ATTACKS, alerts, 20 * 2.0, GRACE);

        assertThat(result.outcomes()).allMatch(AlertMatching.Outcome::detected);
        AlertMatching.Outcome bola = result.outcomes().getFirst();
        assertThat(bola.alerts()).isEqualTo(2);
        assertThat(bola.timeToDetect()).contains(Duration.ofSeconds(30));
        assertThat(result.outcomes().get(1).timeToDetect()).contains(Duration.ofSeconds(100));
        assertThat(result.outcomes().get(2).timeToDetect()).contains(Duration.ofSeconds(179));
        assertThat(result.outcomes().get(3).timeToDetect()).contains(Duration.ofSeconds(6000));
        assertThat(result.falseAlarms()).hasSize(4);
        assertThat(result.falseAlarmsPerClientDay()).isEqualTo(0.1);
        assertThat(result.report()).anySatisfy(line -> assertThat(line).startsWith("bola_enumeration").contains("1        1").contains("30.0 s"))
                .anySatisfy(line -> assertThat(line).contains("detected 4 of 4 attacks; 9 alerts, 4 of them false alarms over 40.0 client-days: 0.100"));
    }

    @Test
    void anAlertOnAnotherActorOrKindOfSubjectLeavesTheAttackUndetected() {
        List<ObservedAlert> alerts = List.of(
                alert(30, "user", "partner-01", null),      // a client id named as a user
                alert(30, "client", "alice", null),         // a user named as a client
                alert(700, "client", "bob", null),          // a tried username named as a client
                alert(3100, "operation", "initiatePayment", null)); // the injected operation, but no request id
        AlertMatching.Result result = AlertMatching.match(ATTACKS, alerts, 10, GRACE);
        assertThat(result.outcomes()).noneMatch(AlertMatching.Outcome::detected);
        assertThat(result.falseAlarms()).hasSize(4);
        assertThat(result.report()).anySatisfy(line -> assertThat(line).startsWith("content_injection").contains("-"));
    }

    @Test
    void withNoAlertTheReportSaysSo() {
        AlertMatching.Result result = AlertMatching.match(ATTACKS, List.of(), 40, GRACE);
        assertThat(result.report().getFirst()).startsWith("no detector alerts");
        assertThat(result.falseAlarmsPerClientDay()).isZero();
        assertThat(result.report()).anySatisfy(line -> assertThat(line).contains("detected 0 of 4 attacks"));
    }

    @Test
    void anEventFromTheStreamIsReadWithItsDetails() throws Exception {
        String data = "{\"id\":\"e1\",\"type\":\"anomaly_detected\",\"time\":\"2026-03-01T10:00:05Z\",\"request_id\":\"req-b1\","
                + "\"remote_address\":\"127.0.0.1\",\"details\":{\"detector\":\"content\",\"kind\":\"content.field\",\"subject_kind\":\"operation\","
                + "\"subject\":\"initiatePayment\",\"severity\":\"high\",\"score\":\"3.2000\",\"reasons\":\"body.creditorName: unusual\"}}";
        ObservedAlert alert = ObservedAlert.parse(data, T0.plusSeconds(6));
        assertThat(alert.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(alert.detector()).isEqualTo("content");
        assertThat(alert.subjectKind()).isEqualTo("operation");
        assertThat(alert.requestId()).isEqualTo("req-b1");
        assertThat(AlertMatching.belongsTo(alert, BOLA, GRACE)).isTrue();
    }
}
