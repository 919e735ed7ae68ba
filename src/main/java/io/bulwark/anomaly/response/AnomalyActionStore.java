package io.bulwark.anomaly.response;

import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: the responses to anomaly alerts, shared by every node (so that all agree on who is throttled or suspended). */
public interface AnomalyActionStore {

    /** Keeps a new action; its id must be new. */
    void insert(AnomalyAction action);

    Optional<AnomalyAction> find(String id);

    /** The newest first, at most {@code limit}; only those not yet acknowledged when {@code openOnly}. */
    List<AnomalyAction> list(boolean openOnly, int limit);

    /** The actions of {@code action} with {@code status} on this identity that have not expired at {@code now}. */
    List<AnomalyAction> live(Action action, SubjectKind subjectKind, String subject, AnomalyAction.Status status, Instant now);

    /** Every action of {@code action} in force (ACTIVE, not expired at {@code now}), for the nodes' views. */
    List<AnomalyAction> inForce(Action action, Instant now);

    /**
     * The identities ({@code kind:id}) acted on in {@code mode} since {@code since}: those whose action changed, or would
     * have changed, what they may do. The global circuit counts them.
     */
    Set<String> actedOnSince(Mode mode, Instant since);

    /** The actions still live (ACTIVE or OBSERVED) whose time is up at {@code now}. */
    List<AnomalyAction> due(Instant now);

    /**
     * Ends the action if it is still in {@code from}: one conditional statement, so that of several nodes (or an operator
     * and a node's sweep) only one ends it and undoes its effect.
     *
     * @return true if this call ended it
     */
    boolean end(String id, AnomalyAction.Status from, AnomalyAction.Status to, AnomalyAction.Mark mark);

    /**
     * Acknowledges the action unless it already is.
     *
     * @return true if this call acknowledged it
     */
    boolean ack(String id, AnomalyAction.Mark mark);

    /** The store key of an identity, as {@link #actedOnSince} returns it. */
    static String identity(SubjectKind kind, String subject) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + subject;
    }
}
