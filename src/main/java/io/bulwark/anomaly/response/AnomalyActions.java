package io.bulwark.anomaly.response;

import io.bulwark.anomaly.response.AnomalyAction.Mark;
import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.anomaly.response.ResponseEvents.Outcome;
import io.bulwark.audit.SecurityEvent;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.clients.ClientRepository;
import io.bulwark.config.AnomalyResponseConfig.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * How an action ends: by its time ({@link #sweep}) or by an operator ({@link #lift}), and how an operator acknowledges it
 * ({@link #ack}). Ending undoes what the action did, once, whichever node or operator gets there first: the client it
 * disabled is enabled again; a throttle or step-up simply stops being in force. A revoked grant is never given back.
 */
public final class AnomalyActions {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyActions.class);
    /** Who ends actions whose time is up, in their {@code ended} mark. */
    public static final String EXPIRY = "expiry";

    private final AnomalyActionStore store;
    private final ClientRepository clients;
    private final SecurityEventSink events;
    private final InstantSource clock;

    public AnomalyActions(AnomalyActionStore store, ClientRepository clients, SecurityEventSink events, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What an operator's lift or ack came to. */
    public sealed interface Result {
        /** Done; {@code action} as it now stands. */
        record Done(AnomalyAction action) implements Result {
        }

        /** Refused; {@code reason} says why in an operator's words. */
        record Refused(String reason) implements Result {
        }

        /** No action has that id. */
        record NotFound() implements Result {
        }
    }

    /** Ends every action whose time is up; returns how many this call ended. */
    public int sweep() {
        int ended = 0;
        for (AnomalyAction action : store.due(clock.instant())) {
            Mark mark = new Mark(clock.instant(), EXPIRY, null);
            if (store.end(action.id(), action.status(), Status.EXPIRED, mark)) {
                undo(action);
                events.record(ResponseEvents.of(action.endedAs(Status.EXPIRED, mark), Outcome.EXPIRED, mark.at(), null, null));
                ended++;
            }
        }
        return ended;
    }

    /** An operator ends the action now, undoing what it did. */
    public Result lift(String id, String operator, String note) {
        Optional<AnomalyAction> found = store.find(id);
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        AnomalyAction action = found.get();
        if (!action.status().live()) {
            return new Result.Refused(switch (action.status()) {
                case DONE -> action.action() == Action.REVOKE
                        ? "a revoke is not undone: the revoked grants stay revoked and the user consents again (ack it instead)"
                        : "nothing of it is in force (it was " + (action.action() == Action.RECORD ? "recorded" : "sent") + " only); ack it instead";
                case EXPIRED, LIFTED -> "it already ended (" + action.status().name().toLowerCase(java.util.Locale.ROOT) + " at "
                        + action.ended().at() + " by " + action.ended().by() + ")";
                default -> throw new IllegalStateException(action.status().name());
            });
        }
        Mark mark = new Mark(clock.instant(), operator, note);
        if (!store.end(id, action.status(), Status.LIFTED, mark)) {
            return new Result.Refused("it ended meanwhile (expired, or lifted by another operator)");
        }
        undo(action);
        AnomalyAction lifted = action.endedAs(Status.LIFTED, mark);
        events.record(ResponseEvents.of(lifted, Outcome.LIFTED, mark.at(), operator, note));
        return new Result.Done(lifted);
    }

    /** An operator has looked at the action: it leaves the open list; what it does goes on until it ends. */
    public Result ack(String id, String operator, String note) {
        Optional<AnomalyAction> found = store.find(id);
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        if (!found.get().open()) {
            return new Result.Refused("it was already acknowledged at " + found.get().acked().at() + " by " + found.get().acked().by());
        }
        Mark mark = new Mark(clock.instant(), operator, note);
        if (!store.ack(id, mark)) {
            return new Result.Refused("it was acknowledged meanwhile by another operator");
        }
        AnomalyAction acked = found.get().ackedBy(mark);
        events.record(ResponseEvents.of(acked, Outcome.ACKED, mark.at(), operator, note));
        return new Result.Done(acked);
    }

    /** Gives back what an enforced action took; an observed one changed nothing. */
    private void undo(AnomalyAction action) {
        if (action.status() != Status.ACTIVE || !action.restores()) {
            return;
        }
        if (action.action() == Action.SUSPEND) {
            // Enabled again only if still disabled: an operator may have enabled it already.
            clients.find(action.subject()).filter(client -> client.disabled())
                    .ifPresent(client -> clients.save(client.withDisabled(false)));
            LOG.info("anomaly response {}: client {} enabled again", action.id(), action.subject());
        }
        // A throttle or step-up is in force only while its row is live: ending the row ends it on every node.
    }

    /** For the responder: the event of a new action. */
    static SecurityEvent decided(AnomalyAction action, Outcome outcome) {
        return ResponseEvents.of(action, outcome, action.createdAt(), null, null);
    }
}
