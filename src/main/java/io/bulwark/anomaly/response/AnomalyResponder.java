package io.bulwark.anomaly.response;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.response.AnomalyAction.AlertSummary;
import io.bulwark.anomaly.response.AnomalyAction.Mark;
import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.anomaly.response.ResponseEvents.Outcome;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.Rule;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.config.Durations;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's answer to each anomaly alert (docs/ANOMALY.md, "Responses"): the policy picks an action; the allow-list,
 * the applicability of the action to the subject and the global circuit may spare the identity (the alert is then
 * recorded with what would have been done); an identity already under the same action is not acted on twice. In
 * {@code enforce} the action is taken; in {@code observe} it is only recorded as what would have been done. Every
 * decision is kept in the store and is an {@value ResponseEvents#RESPONSE} security event.
 */
public final class AnomalyResponder implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyResponder.class);

    /** What one alert came to, for callers and tests. */
    public enum Decision {
        /** A new action (enforced, or observed in observe mode). */
        ACTED,
        /** Recorded only: the policy said so, or the allow-list, the subject or the circuit spared the identity. */
        RECORDED,
        /** The identity is already under the same action: nothing new. */
        ALREADY_ACTING,
        /** The store failed: nothing was done (logged). */
        FAILED
    }

    private final AnomalyResponseConfig config;
    private final ResponsePolicy policy;
    private final AnomalyActionStore store;
    private final ClientRepository clients;
    private final GrantStore grants;
    private final SecurityEventSink events;
    private final InstantSource clock;
    private final AtomicReference<Instant> lastCircuitEvent = new AtomicReference<>(Instant.MIN);

    public AnomalyResponder(AnomalyResponseConfig config, AnomalyActionStore store, ClientRepository clients, GrantStore grants,
                            SecurityEventSink events, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = new ResponsePolicy(config);
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onAlert(AnomalyAlert alert) {
        respond(alert);
    }

    /** Decides and carries out the response to {@code alert}; never throws at the detector. */
    public synchronized Decision respond(AnomalyAlert alert) {
        try {
            return decide(alert);
        } catch (RuntimeException e) {
            LOG.error("anomaly response to a {} alert on {} {} failed: {}", alert.kind(), alert.subject().kind(), alert.subject().id(),
                    e.toString());
            return Decision.FAILED;
        }
    }

    private Decision decide(AnomalyAlert alert) {
        Instant now = clock.instant();
        Mode mode = config.mode();
        ResponsePolicy.Choice choice = policy.choose(alert);
        SubjectKind kind = ResponsePolicy.subjectKind(alert.subject().kind());
        String subject = alert.subject().id();
        Action action = choice.action();
        if (!action.acts()) {
            return record(alert, action, mode, now, "");
        }
        if (!ResponsePolicy.applies(action, kind)) {
            return record(alert, Action.RECORD, mode, now, "`" + action.configName() + "` does not apply to a "
                    + kind.name().toLowerCase(Locale.ROOT) + "; recorded only");
        }
        if (allowListed(kind, subject)) {
            return record(alert, Action.RECORD, mode, now, "allow-listed: would have " + describe(action, choice));
        }
        Status live = mode == Mode.ENFORCE ? Status.ACTIVE : Status.OBSERVED;
        if (action != Action.REVOKE && !store.live(action, kind, subject, live, now).isEmpty()) {
            return Decision.ALREADY_ACTING;
        }
        Set<String> actedOn = store.actedOnSince(mode, now.minus(config.circuit().window()));
        String identity = AnomalyActionStore.identity(kind, subject);
        if (!actedOn.contains(identity) && actedOn.size() >= config.circuit().maxIdentities()) {
            circuitOpen(now, mode, actedOn.size(), identity, action);
            return record(alert, Action.RECORD, mode, now, "circuit open (" + actedOn.size() + " identities acted on within "
                    + Durations.show(config.circuit().window()) + "): would have " + describe(action, choice));
        }
        return mode == Mode.ENFORCE ? enforce(alert, action, choice, kind, subject, now) : observe(alert, action, choice, kind, subject, now);
    }

    private Decision observe(AnomalyAlert alert, Action action, ResponsePolicy.Choice choice, SubjectKind kind, String subject, Instant now) {
        String detail = "observe mode: would have " + describe(action, choice);
        if (action == Action.REVOKE) {
            List<Grant> standing = standingGrants(subject);
            detail = "observe mode: would have revoked " + standing.size() + " grant(s)" + clientsOf(standing);
        }
        // A revoke has nothing that lasts; the others are observed for as long as they would have lasted.
        Status status = action == Action.REVOKE ? Status.DONE : Status.OBSERVED;
        AnomalyAction observed = action(alert, Mode.OBSERVE, action, kind, subject, status, expiry(choice, now), choice.rule()
                .flatMap(Rule::rate), false, detail, now);
        store.insert(observed);
        events.record(AnomalyActions.decided(observed, Outcome.WOULD_HAVE_TAKEN));
        return Decision.ACTED;
    }

    private Decision enforce(AnomalyAlert alert, Action action, ResponsePolicy.Choice choice, SubjectKind kind, String subject, Instant now) {
        Optional<Rate> rate = choice.rule().flatMap(Rule::rate);
        return switch (action) {
            case THROTTLE -> taken(action(alert, Mode.ENFORCE, action, kind, subject, Status.ACTIVE, expiry(choice, now), rate, true,
                    "throttled to " + rate.orElseThrow() + " for " + Durations.show(choice.duration().orElseThrow()), now));
            case STEP_UP -> taken(action(alert, Mode.ENFORCE, action, kind, subject, Status.ACTIVE, expiry(choice, now), rate, true,
                    "a second factor required at each consent for " + Durations.show(choice.duration().orElseThrow()), now));
            case SUSPEND -> suspend(alert, choice, subject, now);
            case REVOKE -> revoke(alert, subject, now);
            case RECORD, ALERT -> throw new IllegalStateException("not an acting response: " + action);
        };
    }

    private Decision suspend(AnomalyAlert alert, ResponsePolicy.Choice choice, String clientId, Instant now) {
        Optional<RegisteredClient> client = clients.find(clientId);
        if (client.isEmpty()) {
            return record(alert, Action.RECORD, Mode.ENFORCE, now, "no client `" + clientId + "` is registered: nothing to suspend");
        }
        if (client.get().disabled()) {
            // Already disabled by an operator: the action must not enable it when it ends.
            AnomalyAction kept = action(alert, Mode.ENFORCE, Action.SUSPEND, SubjectKind.CLIENT, clientId, Status.DONE, null, Optional.empty(),
                    false, "the client was already disabled; left as it is", now);
            store.insert(kept);
            events.record(AnomalyActions.decided(kept, Outcome.RECORDED));
            return Decision.RECORDED;
        }
        AnomalyAction suspended = action(alert, Mode.ENFORCE, Action.SUSPEND, SubjectKind.CLIENT, clientId, Status.ACTIVE, expiry(choice, now),
                Optional.empty(), true, "client disabled for " + Durations.show(choice.duration().orElseThrow()), now);
        // The row first: a client disabled with no row would have nothing to lift it by.
        store.insert(suspended);
        try {
            clients.save(client.get().withDisabled(true));
        } catch (RuntimeException e) {
            store.end(suspended.id(), Status.ACTIVE, Status.LIFTED, new Mark(clock.instant(), "node", "the client could not be disabled: "
                    + e.getMessage()));
            throw e;
        }
        events.record(AnomalyActions.decided(suspended, Outcome.TAKEN));
        return Decision.ACTED;
    }

    private Decision revoke(AnomalyAlert alert, String subject, Instant now) {
        List<Grant> standing = standingGrants(subject);
        int revoked = 0;
        for (Grant grant : standing) {
            // GrantStore.revoke ends the grant's refresh tokens at once and its access tokens at the gateway within a second.
            if (grants.revoke(grant.grantId(), now)) {
                revoked++;
            }
        }
        AnomalyAction done = action(alert, Mode.ENFORCE, Action.REVOKE, SubjectKind.USER, subject, Status.DONE, null, Optional.empty(), false,
                "revoked " + revoked + " grant(s)" + clientsOf(standing) + "; not given back when the action ends", now);
        store.insert(done);
        events.record(AnomalyActions.decided(done, Outcome.TAKEN));
        return Decision.ACTED;
    }

    private Decision taken(AnomalyAction action) {
        store.insert(action);
        events.record(AnomalyActions.decided(action, Outcome.TAKEN));
        return Decision.ACTED;
    }

    private Decision record(AnomalyAlert alert, Action action, Mode mode, Instant now, String detail) {
        AnomalyAction kept = action(alert, mode, action, ResponsePolicy.subjectKind(alert.subject().kind()), alert.subject().id(), Status.DONE,
                null, Optional.empty(), false, detail, now);
        store.insert(kept);
        events.record(AnomalyActions.decided(kept, Outcome.RECORDED));
        return Decision.RECORDED;
    }

    private void circuitOpen(Instant now, Mode mode, int count, String identity, Action wouldHave) {
        // Once per window per node: an open circuit under an alert storm is one event, not thousands.
        Instant last = lastCircuitEvent.get();
        if (last.isBefore(now.minus(config.circuit().window())) && lastCircuitEvent.compareAndSet(last, now)) {
            events.record(ResponseEvents.circuitOpen(now, mode, config.circuit(), count, identity, wouldHave));
        }
        LOG.warn("anomaly responses: circuit open, {} spared ({} identities acted on within {})", identity, count,
                Durations.show(config.circuit().window()));
    }

    private boolean allowListed(SubjectKind kind, String subject) {
        return switch (kind) {
            case CLIENT -> config.allowClients().contains(subject);
            case USER -> config.allowUsers().contains(subject);
            case OPERATION -> false;
        };
    }

    private List<Grant> standingGrants(String subject) {
        return grants.ofSubject(subject).stream().filter(grant -> !grant.revoked()).toList();
    }

    private static String clientsOf(List<Grant> grants) {
        Set<String> clientIds = new TreeSet<>();
        grants.forEach(grant -> clientIds.add(grant.clientId()));
        return clientIds.isEmpty() ? "" : " (clients: " + String.join(", ", clientIds) + ")";
    }

    private static String describe(Action action, ResponsePolicy.Choice choice) {
        String what = switch (action) {
            case THROTTLE -> "throttled to " + choice.rule().flatMap(Rule::rate).orElseThrow();
            case STEP_UP -> "required a second factor";
            case SUSPEND -> "suspended the client";
            case REVOKE -> "revoked the user's grants";
            case RECORD, ALERT -> action.configName();
        };
        return what + choice.duration().map(d -> " for " + Durations.show(d)).orElse("");
    }

    private static Instant expiry(ResponsePolicy.Choice choice, Instant now) {
        return choice.duration().map(now::plus).orElse(null);
    }

    private static AnomalyAction action(AnomalyAlert alert, Mode mode, Action action, SubjectKind kind, String subject, Status status,
                                        Instant expiresAt, Optional<Rate> rate, boolean restores, String detail, Instant now) {
        AlertSummary summary = new AlertSummary(alert.detector().name().toLowerCase(Locale.ROOT), alert.kind(),
                alert.severity().name().toLowerCase(Locale.ROOT), alert.score(), io.bulwark.audit.AuditRedaction.clean(String.join("; ", alert.reasons()), 1024), alert.requestId());
        return new AnomalyAction(UUID.randomUUID().toString(), now, mode, action, kind, subject, status, expiresAt, summary, rate, restores,
                detail, null, null);
    }
}
