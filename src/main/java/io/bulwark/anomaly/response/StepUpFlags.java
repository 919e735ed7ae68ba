package io.bulwark.anomaly.response;

import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.oauth.authorize.SecondFactorDemands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;

/**
 * The users an enforced step-up is in force for, asked from the store at each sign-in (sign-ins are rare next to
 * requests, and so a step-up or its lift applies at the next sign-in on every node). A store that cannot answer
 * demands the second factor: fail closed.
 */
public final class StepUpFlags implements SecondFactorDemands {

    private static final Logger LOG = LoggerFactory.getLogger(StepUpFlags.class);

    private final AnomalyActionStore store;
    private final InstantSource clock;

    public StepUpFlags(AnomalyActionStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean demanded(String subject) {
        try {
            return !store.live(Action.STEP_UP, SubjectKind.USER, subject, Status.ACTIVE, clock.instant()).isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("anomaly step-up: the store could not be read, so a second factor is asked for: {}", e.toString());
            return true;
        }
    }
}
