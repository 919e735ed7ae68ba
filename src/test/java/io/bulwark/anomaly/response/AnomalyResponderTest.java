package io.bulwark.anomaly.response;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Severity;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.anomaly.response.AnomalyResponder.Decision;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Circuit;
import io.bulwark.config.AnomalyResponseConfig.Level;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The responder and the actions' life on a real embedded store with its real clients and grants: each action changes
 * what the identity may do in enforce and nothing in observe; expiry and lift give it back; the circuit, the allow-list
 * and idempotency hold; every step is a security event.
 */
class AnomalyResponderTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private JdbcStore store;
    private AnomalyActions actions;

    @BeforeEach
    void open() {
        store = JdbcStore.embedded(dir, clock);
        actions = new AnomalyActions(store.anomalyActions(), store.clients(), events::add, clock);
        for (String client : List.of("partner", "other-partner", "probe")) {
            store.clients().save(TestClients.client(client).build());
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Rule rule(Action action, String... kinds) {
        return new Rule(List.of(kinds), Level.MEDIUM, Set.of(), action,
                action == Action.THROTTLE || action == Action.STEP_UP || action == Action.SUSPEND ? Optional.of(FIFTEEN_MINUTES) : Optional.empty(),
                action == Action.THROTTLE ? Optional.of(new Rate(10, Duration.ofMinutes(1))) : Optional.empty());
    }

    private AnomalyResponder responder(Mode mode, Rule... rules) {
        return responder(mode, Circuit.DEFAULT, Set.of(), Set.of(), rules);
    }

    private AnomalyResponder responder(Mode mode, Circuit circuit, Set<String> allowClients, Set<String> allowUsers, Rule... rules) {
        return new AnomalyResponder(new AnomalyResponseConfig(mode, List.of(rules), circuit, allowClients, allowUsers, Duration.ofSeconds(30)),
                store.anomalyActions(), store.clients(), store.grants(), events::add, clock);
    }

    private AnomalyAlert alert(String kind, Subject.Kind subjectKind, String id, Severity severity) {
        return new AnomalyAlert(clock.instant(), AnomalyAlert.Detector.BEHAVIOUR, kind, new Subject(subjectKind, id), severity, 0.93,
                List.of("requests per minute: 900 (usually 40)"), "req-42");
    }

    private AnomalyAlert clientAlert(String clientId) {
        return alert("behaviour.rate", Subject.Kind.CLIENT, clientId, Severity.HIGH);
    }

    private AnomalyAlert userAlert(String subject) {
        return alert("behaviour.takeover", Subject.Kind.USER, subject, Severity.HIGH);
    }

    private AnomalyAction only() {
        List<AnomalyAction> all = store.anomalyActions().list(false, 100);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    private SecurityEvent lastEvent() {
        return events.getLast();
    }

    private boolean disabled(String clientId) {
        return store.clients().find(clientId).orElseThrow().disabled();
    }

    private ActiveThrottles throttles() {
        return new ActiveThrottles(store.anomalyActions(), Duration.ofSeconds(1), clock);
    }

    @Test
    void anEnforcedThrottleIsInForceForTheClientAndAnObservedOneIsNot() {
        assertThat(responder(Mode.OBSERVE, rule(Action.THROTTLE, "behaviour.*")).respond(clientAlert("other-partner"))).isEqualTo(Decision.ACTED);
        assertThat(lastEvent().type()).isEqualTo(ResponseEvents.RESPONSE);
        assertThat(lastEvent().details()).containsEntry("outcome", "would_have_taken").containsEntry("mode", "observe")
                .containsEntry("action", "throttle").containsEntry("client_id", "other-partner").containsEntry("rate", "10/1m");

        assertThat(responder(Mode.ENFORCE, rule(Action.THROTTLE, "behaviour.*")).respond(clientAlert("partner"))).isEqualTo(Decision.ACTED);
        assertThat(lastEvent().details()).containsEntry("outcome", "taken").containsEntry("mode", "enforce")
                .containsEntry("expires_at", T0.plus(FIFTEEN_MINUTES).toString()).containsEntry("severity", "high")
                .containsEntry("alert_kind", "behaviour.rate");
        assertThat(lastEvent().requestId()).isEqualTo("req-42");

        ActiveThrottles throttles = throttles();
        var applied = throttles.of("partner", "customer-1");
        assertThat(applied).hasSize(1);
        assertThat(applied.getFirst().quota().name()).isEqualTo(ActiveThrottles.QUOTA_NAME);
        assertThat(applied.getFirst().quota().limit()).isEqualTo(10);
        assertThat(applied.getFirst().quota().windowSeconds()).isEqualTo(60);
        assertThat(applied.getFirst().key()).doesNotContain("partner");
        assertThat(throttles.of("other-partner", null)).as("observed: nothing in force").isEmpty();

        // The end by time: the throttle stops applying at its expiry, and the sweep ends it once, as an event.
        clock.advance(FIFTEEN_MINUTES);
        assertThat(throttles.of("partner", null)).isEmpty();
        assertThat(actions.sweep()).isEqualTo(2);
        assertThat(actions.sweep()).isZero();
        assertThat(store.anomalyActions().list(false, 10)).extracting(AnomalyAction::status).containsOnly(Status.EXPIRED);
        assertThat(events.stream().filter(e -> "expired".equals(e.details().get("outcome")))).hasSize(2);
    }

    @Test
    void aThrottleOnAUserAppliesToEveryClientTheUserCallsThrough() {
        Rule throttleUsers = new Rule(List.of("behaviour.*"), Level.LOW, Set.of(SubjectKind.USER), Action.THROTTLE, Optional.of(FIFTEEN_MINUTES),
                Optional.of(new Rate(3, Duration.ofMinutes(1))));
        responder(Mode.ENFORCE, throttleUsers).respond(userAlert("customer-1"));
        ActiveThrottles throttles = throttles();
        assertThat(throttles.of("partner", "customer-1")).hasSize(1);
        assertThat(throttles.of("other-partner", "customer-1")).hasSize(1);
        assertThat(throttles.of("partner", "customer-2")).isEmpty();
        assertThat(throttles.of("partner", null)).isEmpty();
    }

    @Test
    void aSuspendedClientIsDisabledUntilLiftedAndObserveDisablesNothing() {
        responder(Mode.OBSERVE, rule(Action.SUSPEND, "behaviour.rate")).respond(clientAlert("partner"));
        assertThat(disabled("partner")).as("observe changes nothing").isFalse();
        AnomalyAction observed = only();
        assertThat(observed.status()).isEqualTo(Status.OBSERVED);
        assertThat(observed.detail()).contains("would have suspended the client for 15m");
        // Lifting an observed action ends it and changes nothing either.
        assertThat(actions.lift(observed.id(), "alice", "false alarm")).isInstanceOf(AnomalyActions.Result.Done.class);
        assertThat(disabled("partner")).isFalse();

        assertThat(responder(Mode.ENFORCE, rule(Action.SUSPEND, "behaviour.rate")).respond(clientAlert("partner"))).isEqualTo(Decision.ACTED);
        assertThat(disabled("partner")).isTrue();
        AnomalyAction suspended = store.anomalyActions().live(Action.SUSPEND, SubjectKind.CLIENT, "partner", Status.ACTIVE, clock.instant()).getFirst();
        var lifted = actions.lift(suspended.id(), "alice", "confirmed with the partner");
        assertThat(lifted).isInstanceOf(AnomalyActions.Result.Done.class);
        assertThat(disabled("partner")).as("enabled again by the lift").isFalse();
        assertThat(lastEvent().details()).containsEntry("outcome", "lifted").containsEntry("by", "alice")
                .containsEntry("note", "confirmed with the partner").containsEntry("status", "lifted");
        assertThat(actions.lift(suspended.id(), "bob", null)).isInstanceOfSatisfying(AnomalyActions.Result.Refused.class,
                refused -> assertThat(refused.reason()).contains("already ended (lifted", "by alice"));
        assertThat(actions.lift("no-such-id", "bob", null)).isInstanceOf(AnomalyActions.Result.NotFound.class);
    }

    @Test
    void aSuspensionEndsByItselfAndNeverEnablesAClientAnOperatorHadDisabled() {
        AnomalyResponder responder = responder(Mode.ENFORCE, rule(Action.SUSPEND, "behaviour.rate"));
        responder.respond(clientAlert("partner"));
        store.clients().save(store.clients().find("other-partner").orElseThrow().withDisabled(true));
        responder.respond(clientAlert("other-partner"));
        assertThat(store.anomalyActions().live(Action.SUSPEND, SubjectKind.CLIENT, "other-partner", Status.DONE, clock.instant()).getFirst()
                .detail()).contains("already disabled");

        clock.advance(FIFTEEN_MINUTES.minusSeconds(1));
        assertThat(actions.sweep()).isZero();
        assertThat(disabled("partner")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(actions.sweep()).isEqualTo(1);
        assertThat(disabled("partner")).as("expired: enabled again").isFalse();
        assertThat(disabled("other-partner")).as("the operator's disable stands").isTrue();
    }

    @Test
    void aRevokeEndsTheUsersStandingGrantsForGoodAndObserveRevokesNothing() {
        store.grants().create(new Grant("g1", "customer-1", "partner", Set.of("accounts:read"), List.of(), T0, null));
        store.grants().create(new Grant("g2", "customer-1", "other-partner", Set.of("accounts:read"), List.of(), T0, null));
        store.grants().create(new Grant("g3", "customer-2", "partner", Set.of("accounts:read"), List.of(), T0, null));

        responder(Mode.OBSERVE, rule(Action.REVOKE, "behaviour.takeover")).respond(userAlert("customer-1"));
        assertThat(store.grants().ofSubject("customer-1")).noneMatch(Grant::revoked);
        assertThat(lastEvent().details()).containsEntry("outcome", "would_have_taken")
                .containsEntry("detail", "observe mode: would have revoked 2 grant(s) (clients: other-partner, partner)");

        // A second later, so that the newest-first list puts the enforced action first (ids do not order a tie).
        clock.advance(Duration.ofSeconds(1));
        responder(Mode.ENFORCE, rule(Action.REVOKE, "behaviour.takeover")).respond(userAlert("customer-1"));
        assertThat(store.grants().ofSubject("customer-1")).allMatch(Grant::revoked);
        assertThat(store.grants().find("g3").orElseThrow().revoked()).as("another user's grant").isFalse();
        AnomalyAction revoke = store.anomalyActions().list(false, 1).getFirst();
        assertThat(revoke.status()).isEqualTo(Status.DONE);
        assertThat(revoke.detail()).startsWith("revoked 2 grant(s)");
        assertThat(lastEvent().details()).containsEntry("sub", "customer-1").containsEntry("outcome", "taken");
        assertThat(actions.lift(revoke.id(), "alice", null)).isInstanceOfSatisfying(AnomalyActions.Result.Refused.class,
                refused -> assertThat(refused.reason()).contains("stay revoked"));
        assertThat(actions.ack(revoke.id(), "alice", "user called")).isInstanceOf(AnomalyActions.Result.Done.class);
        assertThat(lastEvent().details()).containsEntry("outcome", "acked");
        assertThat(actions.ack(revoke.id(), "bob", null)).isInstanceOf(AnomalyActions.Result.Refused.class);
    }

    @Test
    void aStepUpIsDemandedWhileInForceOnly() {
        StepUpFlags flags = new StepUpFlags(store.anomalyActions(), clock);
        responder(Mode.OBSERVE, rule(Action.STEP_UP, "behaviour.*")).respond(userAlert("customer-2"));
        assertThat(flags.demanded("customer-2")).as("observe demands nothing").isFalse();

        responder(Mode.ENFORCE, rule(Action.STEP_UP, "behaviour.*")).respond(userAlert("customer-1"));
        assertThat(flags.demanded("customer-1")).isTrue();
        assertThat(flags.demanded("customer-3")).isFalse();
        clock.advance(FIFTEEN_MINUTES);
        assertThat(flags.demanded("customer-1")).as("over at its expiry").isFalse();

        responder(Mode.ENFORCE, rule(Action.STEP_UP, "behaviour.*")).respond(userAlert("customer-1"));
        assertThat(flags.demanded("customer-1")).isTrue();
        String id = store.anomalyActions().live(Action.STEP_UP, SubjectKind.USER, "customer-1", Status.ACTIVE, clock.instant()).getFirst().id();
        actions.lift(id, "alice", null);
        assertThat(flags.demanded("customer-1")).isFalse();
    }

    @Test
    void theCircuitStopsTheEleventhIdentityWithinTheWindow() {
        AnomalyResponder responder = responder(Mode.ENFORCE, rule(Action.THROTTLE, "behaviour.*"));
        for (int i = 1; i <= 10; i++) {
            store.clients().save(TestClients.client("client-" + i).build());
            clock.advance(Duration.ofSeconds(1));
            assertThat(responder.respond(clientAlert("client-" + i))).as("identity %d", i).isEqualTo(Decision.ACTED);
        }
        assertThat(events).noneMatch(e -> e.type().equals(ResponseEvents.CIRCUIT_OPEN));
        clock.advance(Duration.ofSeconds(1));
        assertThat(responder.respond(clientAlert("client-11"))).isEqualTo(Decision.RECORDED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(responder.respond(clientAlert("client-12"))).isEqualTo(Decision.RECORDED);
        assertThat(events.stream().filter(e -> e.type().equals(ResponseEvents.CIRCUIT_OPEN))).as("one event per window").hasSize(1);
        SecurityEvent open = events.stream().filter(e -> e.type().equals(ResponseEvents.CIRCUIT_OPEN)).findFirst().orElseThrow();
        assertThat(open.details()).containsEntry("identities_acted_on", "10").containsEntry("max_identities", "10")
                .containsEntry("spared", "client:client-11").containsEntry("would_have", "throttle");
        AnomalyAction spared = store.anomalyActions().list(false, 1).getFirst();
        assertThat(spared.action()).isEqualTo(Action.RECORD);
        assertThat(spared.subject()).isEqualTo("client-12");
        assertThat(spared.detail()).contains("circuit open (10 identities acted on within 10m): would have throttled to 10/1m for 15m");
        assertThat(throttles().of("client-11", null)).isEmpty();
        assertThat(events).as("each event can be an audit record").allMatch(e -> e.requestId() != null);
        assertThat(throttles().of("client-10", null)).hasSize(1);

        // An identity already acted on in the window is not a new one: a second action on it passes the circuit.
        Rule suspend = new Rule(List.of("behaviour.burst"), Level.LOW, Set.of(), Action.SUSPEND, Optional.of(FIFTEEN_MINUTES), Optional.empty());
        AnomalyResponder both = responder(Mode.ENFORCE, suspend, rule(Action.THROTTLE, "behaviour.*"));
        assertThat(both.respond(alert("behaviour.burst", Subject.Kind.CLIENT, "client-3", Severity.HIGH))).isEqualTo(Decision.ACTED);
        assertThat(disabled("client-3")).isTrue();

        // Once the window has passed, identities are acted on again.
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(responder.respond(clientAlert("client-11"))).isEqualTo(Decision.ACTED);
    }

    @Test
    void theAllowListAndTheSubjectKindSpareIdentitiesWhichAreRecordedOnly() {
        AnomalyResponder responder = responder(Mode.ENFORCE, Circuit.DEFAULT, Set.of("probe"), Set.of("customer-vip"),
                rule(Action.SUSPEND, "behaviour.rate"), rule(Action.STEP_UP, "behaviour.takeover"), rule(Action.THROTTLE, "content.*"));
        assertThat(responder.respond(clientAlert("probe"))).isEqualTo(Decision.RECORDED);
        assertThat(disabled("probe")).isFalse();
        assertThat(lastEvent().details()).containsEntry("outcome", "recorded").containsEntry("action", "record")
                .containsEntry("detail", "allow-listed: would have suspended the client for 15m");
        assertThat(responder.respond(userAlert("customer-vip"))).isEqualTo(Decision.RECORDED);
        assertThat(new StepUpFlags(store.anomalyActions(), clock).demanded("customer-vip")).isFalse();

        // A suspend rule meeting a user's alert, or a throttle an operation's: recorded, saying why.
        assertThat(responder.respond(alert("behaviour.rate", Subject.Kind.USER, "customer-1", Severity.HIGH))).isEqualTo(Decision.RECORDED);
        assertThat(lastEvent().details().get("detail")).isEqualTo("`suspend` does not apply to a user; recorded only");
        assertThat(responder.respond(alert("content.field", Subject.Kind.OPERATION, "createPayment", Severity.HIGH))).isEqualTo(Decision.RECORDED);
        assertThat(lastEvent().details()).containsEntry("operation", "createPayment");
        assertThat(responder.respond(clientAlert("partner"))).as("not on the list").isEqualTo(Decision.ACTED);
    }

    @Test
    void anIdentityAlreadyUnderAnActionIsNotActedOnTwice() {
        AnomalyResponder responder = responder(Mode.ENFORCE, rule(Action.THROTTLE, "behaviour.*"));
        assertThat(responder.respond(clientAlert("partner"))).isEqualTo(Decision.ACTED);
        assertThat(responder.respond(clientAlert("partner"))).isEqualTo(Decision.ALREADY_ACTING);
        assertThat(store.anomalyActions().list(false, 10)).hasSize(1);
        assertThat(throttles().of("partner", null)).hasSize(1);
        // In observe, the observed throttle is what a second alert would repeat.
        AnomalyResponder observing = responder(Mode.OBSERVE, rule(Action.THROTTLE, "behaviour.*"));
        assertThat(observing.respond(clientAlert("partner"))).isEqualTo(Decision.ACTED);
        assertThat(observing.respond(clientAlert("partner"))).isEqualTo(Decision.ALREADY_ACTING);
        // Ended, it may be taken again.
        clock.advance(FIFTEEN_MINUTES);
        actions.sweep();
        assertThat(responder.respond(clientAlert("partner"))).isEqualTo(Decision.ACTED);
    }

    @Test
    void theFirstMatchingRuleDecidesAndTheDefaultIsRecordOnly() {
        AnomalyResponder responder = responder(Mode.ENFORCE, new Rule(List.of("behaviour.rate"), Level.HIGH, Set.of(), Action.SUSPEND,
                Optional.of(FIFTEEN_MINUTES), Optional.empty()), rule(Action.ALERT, "behaviour.*"));
        assertThat(responder.respond(alert("behaviour.rate", Subject.Kind.CLIENT, "partner", Severity.MEDIUM))).isEqualTo(Decision.RECORDED);
        assertThat(disabled("partner")).as("below the first rule's severity").isFalse();
        assertThat(lastEvent().details()).containsEntry("action", "alert").containsEntry("notify", "webhook");
        assertThat(responder.respond(alert("content.field", Subject.Kind.CLIENT, "partner", Severity.HIGH))).isEqualTo(Decision.RECORDED);
        assertThat(lastEvent().details()).containsEntry("action", "record").doesNotContainKey("notify");
        assertThat(responder.respond(alert("behaviour.rate", Subject.Kind.CLIENT, "partner", Severity.HIGH))).isEqualTo(Decision.ACTED);
        assertThat(disabled("partner")).isTrue();
        assertThat(store.anomalyActions().list(true, 10)).hasSize(3);
    }

    @Test
    void aStoreFailureIsLoggedAndNeverThrownAtTheDetector() {
        AnomalyResponder responder = responder(Mode.ENFORCE, rule(Action.THROTTLE, "behaviour.*"));
        store.close();
        assertThat(responder.respond(clientAlert("partner"))).isEqualTo(Decision.FAILED);
        assertThat(new StepUpFlags(store.anomalyActions(), clock).demanded("customer-1")).as("fail closed").isTrue();
        store = JdbcStore.embedded(dir, clock);
    }
}
