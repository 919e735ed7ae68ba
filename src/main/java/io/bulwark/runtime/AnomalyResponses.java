package io.bulwark.runtime;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.response.ActiveThrottles;
import io.bulwark.anomaly.response.AnomalyActionStore;
import io.bulwark.anomaly.response.AnomalyActions;
import io.bulwark.anomaly.response.AnomalyResponder;
import io.bulwark.anomaly.response.StepUpFlags;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.AnomalyResponseConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.authorize.SecondFactorDemands;
import io.bulwark.ratelimit.IdentityThrottles;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;

/**
 * A node's responses to anomaly alerts, built from {@code anomaly.mode} and {@code anomaly.responses} and the node's
 * parts: the {@link AlertSink} detectors hand their alerts to, the expiry sweep, and {@code GET /anomalies}. The gateway
 * and the sign-in read what is in force from the store on their own ({@link #throttles}, {@link #stepUps}), so they
 * apply the actions any node or operator decided.
 */
public final class AnomalyResponses {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyResponses.class);
    /** How stale a node's view of the throttles may be: a new throttle or a lift applies within it. */
    static final Duration THROTTLE_REFRESH = Duration.ofSeconds(1);

    private final AnomalyResponder responder;
    private final AnomalyActions actions;
    private final ManagementRoutes routes;

    private AnomalyResponses(AnomalyResponder responder, AnomalyActions actions, ManagementRoutes routes) {
        this.responder = responder;
        this.actions = actions;
        this.routes = routes;
    }

    /**
     * Builds the responder on {@code store} and starts the expiry sweep on {@code vertx} (stopped with it).
     *
     * @param events the node's security events (the hub: log, audit trail, stream and webhooks)
     */
    public static AnomalyResponses start(Vertx vertx, AnomalyResponseConfig config, JdbcStore store, SecurityEventSink events,
                                         InstantSource clock) {
        AnomalyActions actions = new AnomalyActions(store.anomalyActions(), store.clients(), events, clock);
        AnomalyResponder responder = new AnomalyResponder(config, store.anomalyActions(), store.clients(), store.grants(), events, clock);
        vertx.setPeriodic(config.sweepEvery().toMillis(), id -> vertx.executeBlocking(() -> {
            try {
                int ended = actions.sweep();
                if (ended > 0) {
                    LOG.info("anomaly responses: {} action(s) ended by their time", ended);
                }
            } catch (RuntimeException e) {
                LOG.warn("anomaly responses: the expiry sweep failed, retried at the next: {}", e.toString());
            }
            return null;
        }, false));
        LOG.info("anomaly responses: mode {}, {} rule(s), circuit {} identities per {}", config.mode().configName(), config.rules().size(),
                config.circuit().maxIdentities(), io.bulwark.config.Durations.show(config.circuit().window()));
        return new AnomalyResponses(responder, actions, routes(store));
    }

    /** Where detectors hand their alerts. */
    public AlertSink sink() {
        return responder;
    }

    /** The responder itself (its decisions, for tests). */
    public AnomalyResponder responder() {
        return responder;
    }

    /** Ends, lifts and acknowledges actions. */
    public AnomalyActions actions() {
        return actions;
    }

    /** {@code GET /anomalies}, for {@link Extensions#withManagementRoutes}. */
    public ManagementRoutes routes() {
        return routes;
    }

    /** {@code GET /anomalies} over {@code store}. */
    public static ManagementRoutes routes(JdbcStore store) {
        AnomalyActionStore actions = store.anomalyActions();
        return new AnomalyRoutes(() -> actions);
    }

    /** The throttles in force, as the gateway's rate-limit step reads them (one view per node, kept across reloads). */
    static IdentityThrottles throttles(JdbcStore store, InstantSource clock) {
        return new ActiveThrottles(store.anomalyActions(), THROTTLE_REFRESH, clock);
    }

    /** The users a step-up is in force for, as the sign-in asks. */
    static SecondFactorDemands stepUps(JdbcStore store, InstantSource clock) {
        return new StepUpFlags(store.anomalyActions(), clock);
    }
}
