package io.bulwark.anomaly.response;

import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.digest.Sha256;
import io.bulwark.ratelimit.IdentityThrottles;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimitPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The throttles in force, as the gateway's rate-limit step reads them: a snapshot of the store's active throttles,
 * refreshed at most every {@code refresh} on a virtual thread while requests keep reading the previous one, so that
 * every node applies a throttle (and stops applying a lifted one) within about that time, and no request waits on the
 * store. Each throttle counts in a bucket of its own (keyed by the action), named {@value #QUOTA_NAME} in the RateLimit
 * fields; an expired throttle stops applying at its expiry even before the sweep ends it.
 */
public final class ActiveThrottles implements IdentityThrottles {

    /** The quota name clients see in {@code RateLimit-Policy} while throttled. */
    public static final String QUOTA_NAME = "anomaly-throttle";
    private static final Logger LOG = LoggerFactory.getLogger(ActiveThrottles.class);

    private record Throttle(RateLimitPolicies.Applied applied, Instant expiresAt) {
    }

    private record Snapshot(Map<String, List<Throttle>> byIdentity, Instant takenAt) {
    }

    private final AnomalyActionStore store;
    private final Duration refresh;
    private final InstantSource clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;

    public ActiveThrottles(AnomalyActionStore store, Duration refresh, InstantSource clock) {
        this.store = store;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public List<RateLimitPolicies.Applied> of(String clientId, String subject) {
        Snapshot current = current();
        if (current.byIdentity().isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<RateLimitPolicies.Applied> applied = new ArrayList<>(0);
        add(applied, current.byIdentity().get(AnomalyActionStore.identity(SubjectKind.CLIENT, String.valueOf(clientId))), now);
        if (subject != null) {
            add(applied, current.byIdentity().get(AnomalyActionStore.identity(SubjectKind.USER, subject)), now);
        }
        return applied;
    }

    private static void add(List<RateLimitPolicies.Applied> applied, List<Throttle> throttles, Instant now) {
        if (throttles != null) {
            throttles.stream().filter(t -> t.expiresAt().isAfter(now)).forEach(t -> applied.add(t.applied()));
        }
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current == null) {
            // The first request waits for the first read: no throttle may be missed at start.
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = load(snapshotOrEmpty());
                }
                return snapshot;
            }
        }
        if (!current.takenAt().plus(refresh).isAfter(clock.instant()) && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("bulwark-throttles-refresh").start(() -> {
                try {
                    snapshot = load(snapshot);
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return current;
    }

    private Snapshot snapshotOrEmpty() {
        return new Snapshot(Map.of(), Instant.MIN);
    }

    /** The store's active throttles; on a store failure the previous snapshot stays (and is retried at the next refresh). */
    private Snapshot load(Snapshot previous) {
        Instant now = clock.instant();
        try {
            Map<String, List<Throttle>> byIdentity = new HashMap<>();
            for (AnomalyAction action : store.inForce(Action.THROTTLE, now)) {
                action.rate().ifPresent(rate -> byIdentity.computeIfAbsent(AnomalyActionStore.identity(action.subjectKind(), action.subject()),
                        key -> new ArrayList<>()).add(new Throttle(new RateLimitPolicies.Applied(
                        new Quota(QUOTA_NAME, rate.limit(), rate.window(), null, Refill.INTERVAL), bucketKey(action.id())), action.expiresAt())));
            }
            return new Snapshot(Map.copyOf(byIdentity), now);
        } catch (RuntimeException e) {
            LOG.warn("anomaly throttles: the store could not be read, keeping the previous {} identities: {}",
                    previous.byIdentity().size(), e.toString());
            return new Snapshot(previous.byIdentity(), now);
        }
    }

    /** A bucket per throttle: a new throttle starts full, and no store key holds the identity in clear. */
    private static String bucketKey(String actionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(Sha256.of(QUOTA_NAME + "\0" + actionId), 18));
    }
}
