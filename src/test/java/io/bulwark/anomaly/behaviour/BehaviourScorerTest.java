package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Attack;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Injection;
import io.bulwark.anomaly.behaviour.BehaviourTraffic.Member;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.config.AnomalyConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scorer on seeded synthetic traffic (deterministic): a day and a half of ordinary daily cycles, then each attack
 * pattern on a victim of its own; every pattern but the low-and-slow one alerts on its victim, and ordinary traffic alerts
 * no one. The full-size figures are bench/anomaly-behaviour.sh's.
 */
class BehaviourScorerTest {

    private static final long DAY = 1_440;
    private static final AnomalyConfig CONFIG = new AnomalyConfig(true, Duration.ofMinutes(1), 4, 60, 3.0, 3.5, 1_000, Duration.ofMinutes(5), io.bulwark.config.AnomalyResponseConfig.DEFAULT);
    private static BehaviourTraffic traffic;
    private static BehaviourReplay replay;
    private static List<Injection> injections;

    @BeforeAll
    static void replayTwoDays() {
        traffic = new BehaviourTraffic(11, 2, 4, 2);
        List<Member> users = traffic.members().stream().filter(m -> !m.machine()).toList();
        List<Member> machines = traffic.members().stream().filter(Member::machine).toList();
        long day2 = DAY;
        injections = List.of(
                traffic.inject(Attack.CREDENTIAL_STUFFING, machines.get(1), day2 + 13 * 60 + 7, 5),
                traffic.inject(Attack.BOLA_ENUMERATION, users.get(0), day2 + (users.get(0).startHour() + 2) * 60 + 3, 3),
                traffic.inject(Attack.SCRAPING, users.get(5), day2 + (users.get(5).startHour() + 3) * 60 + 11, 5),
                traffic.inject(Attack.PAYMENT_BURST, users.get(2), day2 + (users.get(2).startHour() + 4) * 60, 3),
                traffic.inject(Attack.COMPROMISED_CLIENT, machines.get(0), day2 + 15 * 60 + 20, 5));
        replay = new BehaviourReplay(traffic, CONFIG, new BehaviourReplay.MemoryModels()).run(0, 2 * DAY);
    }

    private static List<BehaviourReplay.Raised> on(Injection injection) {
        String id = injection.victim().machine() || injection.attack() == Attack.CREDENTIAL_STUFFING ? injection.victim().clientId()
                : injection.victim().subject();
        return replay.raisedFor(id, injection.fromMinute(), injection.fromMinute() + injection.minutes() + 5);
    }

    @Test
    void eachAttackPatternAlertsOnItsVictimWithinMinutes() {
        assertThat(on(injections.get(0))).as("credential stuffing").first().satisfies(r -> {
            // From addresses the client never used, too: the new-network feature may lead.
            assertThat(r.alert().kind()).isIn("behaviour.errors", "behaviour.rate", "behaviour.new-network");
            assertThat(r.minute()).isLessThan(injections.get(0).fromMinute() + 2);
        });
        assertThat(on(injections.get(1))).as("BOLA enumeration").first()
                .satisfies(r -> assertThat(r.alert().kind()).isIn("behaviour.objects", "behaviour.errors", "behaviour.rate"));
        assertThat(on(injections.get(2))).as("scraping").first()
                .satisfies(r -> assertThat(r.alert().kind()).isIn("behaviour.objects", "behaviour.bytes", "behaviour.rate"));
        assertThat(on(injections.get(3))).as("payment burst").first()
                .satisfies(r -> assertThat(r.alert().kind()).isEqualTo("behaviour.payments"));
        assertThat(on(injections.get(4))).as("compromised client").isNotEmpty();
    }

    @Test
    void ordinaryDailyCyclesAlertNoOneOnceWarmedUp() {
        // Day 2, everyone but the victims and their clients around their attacks.
        List<BehaviourReplay.Raised> normal = replay.raised().stream().filter(r -> r.minute() >= DAY)
                .filter(r -> injections.stream().noneMatch(i -> r.minute() >= i.fromMinute() && r.minute() < i.fromMinute() + i.minutes() + 30
                        && (r.alert().subject().id().equals(i.victim().clientId()) || r.alert().subject().id().equals(i.victim().subject()))))
                .toList();
        assertThat(normal).as("false alarms on ordinary traffic").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aNewIdentityIsJudgedByItsPopulationUntilItHasHistory() {
        BehaviourScorer scorer = replay.scorer();
        Identity newcomer = new Identity(Subject.Kind.USER, "newcomer");
        long window = BehaviourScorer.windowOf(BehaviourTraffic.minuteStart(2 * DAY + 600), Duration.ofMinutes(1));
        WindowCounts quiet = new WindowCounts();
        quiet.add(event("acc-n1", 200));
        assertThat(scorer.score(newcomer, window, quiet)).as("an ordinary first minute").isEmpty();
        WindowCounts walk = new WindowCounts();
        for (int i = 0; i < 150; i++) {
            walk.add(event("acc-" + i, 404));
        }
        Optional<AnomalyAlert> alert = scorer.score(newcomer, window + 1, walk);
        assertThat(alert).as("no history of its own, yet its kind's population says this is not how users behave").hasValueSatisfying(a -> {
            assertThat(a.subject()).isEqualTo(newcomer.subject());
            assertThat(String.join("; ", a.reasons())).contains("usual for new identities of its kind");
        });
    }

    private static AuditEvent event(String account, int status) {
        return new AuditEvent(BehaviourTraffic.minuteStart(2 * DAY + 600), "r", status < 400 ? AuditDecision.ALLOWED : AuditDecision.REFUSED,
                status < 400 ? null : "not_found", null, status, "GET", "/p", "bank", "getAccount", Map.of("accountId", account), "newcomer",
                "partner-0", "198.51.100.200", 10, 300, 100, OptionalLong.empty());
    }
}
