package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AlertSink;
import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;
import io.bulwark.audit.DecisionListener;
import io.bulwark.config.AnomalyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The behaviour detector of one node. As a {@link DecisionListener} it counts each request's decision event into its
 * client's and its user's current window (on the dispatcher's thread, never the request's). Every {@link #TICK} its own
 * thread leaves the closed windows in the {@link WindowExchange}, renews its {@link ScoringLeases}, and scores the
 * identities of the shards it holds from every node's shares, raising alerts to its {@link AlertSink}s; the state is
 * saved every {@code persist-every} and on close.
 */
public final class BehaviourDetector implements DecisionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BehaviourDetector.class);
    /** How often the scoring thread runs. */
    public static final Duration TICK = Duration.ofSeconds(5);
    /** A window is left to the exchange this long after it ends: decision events reach listeners within milliseconds. */
    static final Duration FLUSH_DELAY = Duration.ofSeconds(2);
    /** A window is scored this long after it ends, once every node's tick has left its share. */
    static final Duration SCORE_DELAY = FLUSH_DELAY.plus(TICK.multipliedBy(2)).plusSeconds(1);
    /** A lease not renewed for this long is taken by another node. */
    static final Duration LEASE_TTL = Duration.ofSeconds(30);

    private final AnomalyConfig config;
    private final WindowExchange exchange;
    private final ScoringLeases leases;
    private final BehaviourScorer scorer;
    private final List<AlertSink> sinks;
    private final InstantSource clock;
    private final String node;
    private final Object lock = new Object();
    // Guarded by lock: the listener adds, the scoring thread drains.
    private final Map<Long, Map<Identity, WindowCounts>> open = new HashMap<>();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong failedTicks = new AtomicLong();
    private final AtomicLong failedEvents = new AtomicLong();
    // A round is never cut by close (an interrupt in the middle of a store call would lose its connection).
    private final java.util.concurrent.locks.ReentrantLock ticking = new java.util.concurrent.locks.ReentrantLock();
    private Set<Integer> held = Set.of();
    private Instant nextSave;
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param node a name unique among the nodes sharing the store, the holder of its leases
     */
    public BehaviourDetector(AnomalyConfig config, BehaviourModels models, WindowExchange exchange, ScoringLeases leases,
                             List<AlertSink> sinks, InstantSource clock, String node) {
        this.config = config;
        this.exchange = exchange;
        this.leases = leases;
        this.scorer = new BehaviourScorer(config, models);
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.node = node;
        this.nextSave = clock.instant().plus(config.persistEvery());
    }

    @Override
    public void onDecision(AuditEvent event) {
        if (event.decision() == AuditDecision.SECURITY_EVENT || (event.clientId() == null && event.subject() == null)) {
            return;
        }
        try {
            long window = BehaviourScorer.windowOf(event.at(), config.window());
            synchronized (lock) {
                Map<Identity, WindowCounts> identities = open.computeIfAbsent(window, w -> new HashMap<>());
                if (event.clientId() != null) {
                    identities.computeIfAbsent(new Identity(Subject.Kind.CLIENT, event.clientId()), i -> new WindowCounts()).add(event);
                }
                // A client's own token (client_credentials) names the client as its sub (RFC 9068 §2.2): no user behind it.
                if (event.subject() != null && !event.subject().equals(event.clientId())) {
                    identities.computeIfAbsent(new Identity(Subject.Kind.USER, event.subject()), i -> new WindowCounts()).add(event);
                }
            }
        } catch (RuntimeException e) {
            // The dispatcher would catch it too; counted here so that a detector that cannot count is visible as such.
            long count = failedEvents.incrementAndGet();
            if (count == 1 || count % 1_000 == 0) {
                LOG.warn("behaviour detector could not count {} events so far: {}", count, e.toString());
            }
        }
    }

    /** Decision events the detector could not count. */
    public long failedEvents() {
        return failedEvents.get();
    }

    @Override
    public String name() {
        return "behaviour-anomalies";
    }

    /** Starts the scoring thread. */
    public BehaviourDetector start() {
        thread = Thread.ofVirtual().name("bulwark-behaviour-scoring").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(TICK);
                } catch (InterruptedException e) {
                    return;
                }
                tick();
            }
        });
        return this;
    }

    /**
     * One round: closed windows to the exchange, leases renewed, closed windows of the held shards scored, state saved
     * when due. A failure (the store unreachable) is logged and the next round tries again.
     *
     * @return the alerts raised
     */
    public List<AnomalyAlert> tick() {
        ticking.lock();
        try {
            if (closed) {
                return List.of();
            }
            Instant now = clock.instant();
            exchange.put(drain(BehaviourScorer.windowOf(now.minus(FLUSH_DELAY), config.window())));
            Set<Integer> holding = leases.hold(node, now, LEASE_TTL);
            if (!holding.equals(held)) {
                // Shards gained are read from the store, where their last scorer saved them; shards lost are saved for the next.
                scorer.keepOnly(holding);
                held = holding;
            }
            List<AnomalyAlert> raised = held.isEmpty() ? List.of()
                    : score(exchange.take(held, BehaviourScorer.windowOf(now.minus(SCORE_DELAY), config.window()) - 1));
            if (!now.isBefore(nextSave)) {
                scorer.saveChanged();
                nextSave = now.plus(config.persistEvery());
            }
            return raised;
        } catch (RuntimeException e) {
            long count = failedTicks.incrementAndGet();
            LOG.warn("behaviour scoring round failed ({} so far): {}", count, e.toString());
            return List.of();
        } finally {
            ticking.unlock();
        }
    }

    private List<WindowExchange.Share> drain(long beforeWindow) {
        List<WindowExchange.Share> shares = new ArrayList<>();
        synchronized (lock) {
            var windows = open.entrySet().iterator();
            while (windows.hasNext()) {
                var entry = windows.next();
                if (entry.getKey() < beforeWindow) {
                    entry.getValue().forEach((identity, counts) ->
                            shares.add(new WindowExchange.Share(identity.key(), identity.shard(), entry.getKey(), counts.toBytes())));
                    windows.remove();
                }
            }
        }
        return shares;
    }

    private List<AnomalyAlert> score(List<WindowExchange.Share> shares) {
        // Every node's share of an identity's window merged, then each identity's windows in order.
        Map<String, TreeMap<Long, WindowCounts>> merged = new TreeMap<>();
        for (WindowExchange.Share share : shares) {
            WindowCounts counts = WindowCounts.fromBytes(share.counts());
            merged.computeIfAbsent(share.identityKey(), k -> new TreeMap<>()).merge(share.window(), counts, (a, b) -> {
                a.merge(b);
                return a;
            });
        }
        List<AnomalyAlert> raised = new ArrayList<>();
        merged.forEach((key, windows) -> {
            Identity identity = Identity.ofKey(key);
            windows.forEach((window, counts) -> {
                Optional<AnomalyAlert> alert = scorer.score(identity, window, counts);
                alert.ifPresent(raised::add);
            });
        });
        for (AnomalyAlert alert : raised) {
            alerts.incrementAndGet();
            for (AlertSink sink : sinks) {
                try {
                    sink.onAlert(alert);
                } catch (RuntimeException e) {
                    LOG.warn("an alert sink failed on a {} alert: {}", alert.kind(), e.toString());
                }
            }
        }
        return raised;
    }

    /** The shards this node scores now. */
    public Set<Integer> heldShards() {
        return held;
    }

    /** Alerts raised by this node since it started. */
    public long alertsRaised() {
        return alerts.get();
    }

    /** Identities whose state is in this node's memory, and of them those judged by their own forest. */
    public int identitiesInMemory() {
        return scorer.identitiesInMemory();
    }

    /**
     * Stops scoring; leaves every window counted so far (the current one too) in the exchange for whichever node scores
     * next, saves the state and gives up the leases.
     */
    @Override
    public void close() {
        ticking.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
            exchange.put(drain(Long.MAX_VALUE));
            scorer.saveChanged();
            leases.release(node);
        } catch (RuntimeException e) {
            LOG.warn("behaviour state could not be saved on close: {}", e.toString());
        } finally {
            ticking.unlock();
        }
    }
}
