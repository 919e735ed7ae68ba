package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.AnomalyAlert.Subject;
import io.bulwark.config.AnomalyConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores closed windows, one identity at a time and each identity's windows in order: the identity's own forest once it
 * has {@code warm-up-windows} of history, its kind's population forest until then. Keeps at most {@code max-identities}
 * identities in memory, the least recently scored saved to {@link BehaviourModels} and dropped beyond that. Not
 * thread-safe: one scoring thread owns it.
 */
public final class BehaviourScorer {

    private static final Logger LOG = LoggerFactory.getLogger(BehaviourScorer.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int FORMAT = 1;
    /** Windows after an alert in which the same kind for the same identity is one episode, not a new alert. */
    static final int EPISODE_WINDOWS = 15;
    /** One window in this many of a warmed-up identity trains its population forest. */
    static final int POPULATION_SAMPLING = 8;
    /** Errors a window needs before its error share can explain an alert. */
    static final int MIN_ERRORS = 3;

    /** One identity's profile and, once warmed up, its forest. */
    private static final class State {
        final IdentityProfile profile;
        ForestModel forest;
        boolean dirty;

        State(IdentityProfile profile, ForestModel forest) {
            this.profile = profile;
            this.forest = forest;
        }
    }

    private final AnomalyConfig config;
    private final BehaviourModels models;
    private final Map<Subject.Kind, State> populations = new EnumMap<>(Subject.Kind.class);
    private final LinkedHashMap<String, State> identities = new LinkedHashMap<>(256, 0.75f, true);

    public BehaviourScorer(AnomalyConfig config, BehaviourModels models) {
        this.config = config;
        this.models = models;
    }

    /**
     * Scores {@code identity}'s window {@code window} (its index from the epoch, in windows) with {@code counts}; windows
     * already scored are ignored, and the idle windows since its last are first learned as idle (at most a shingle's
     * worth: enough to see the silence, not so many that a night's silence pushes the day out of a forest's sample).
     *
     * @return the alert the window raises, if any
     */
    public Optional<AnomalyAlert> score(Identity identity, long window, WindowCounts counts) {
        State state = state(identity);
        IdentityProfile profile = state.profile;
        if (window <= profile.lastWindow) {
            return Optional.empty();
        }
        State population = population(identity.kind());
        if (profile.lastWindow >= 0) {
            long idle = Math.min(window - profile.lastWindow - 1, config.shingleSize());
            for (long i = idle; i > 0; i--) {
                learnIdle(identity, state, population, window - i);
            }
        }
        Instant start = start(window);
        double[] raw = profile.features(counts, start);
        double[] point = transform(raw);
        double[] shingled = profile.shingled(point, config.shingleSize());
        ForestModel.Verdict ownVerdict = state.forest == null ? null : state.forest.process(shingled, window);
        // The population forest judges identities that are warming up and learns from them all, but from a warmed-up
        // identity only one window in POPULATION_SAMPLING: enough to know what identities look like, at a fraction of the cost.
        ForestModel.Verdict populationVerdict = ownVerdict == null || sampled(identity, window)
                ? population.forest.process(shingled, window) : null;
        boolean own = ownVerdict != null;
        Optional<AnomalyAlert> alert = Optional.empty();
        if (counts.requests > 0) {
            alert = own ? judge(identity, state, ownVerdict, raw, point, counts, start, window, profile.stats, true)
                    : judge(identity, state, populationVerdict, raw, point, counts, start, window, population.profile.stats, false);
            // A window judged anomalous (alerted, or within an alerted episode) is not usual: its values stay out of the
            // usual highs, or a second attack like the first would pass below them. The forests learn it regardless.
            boolean anomalous = profile.lastAlertWindow == window;
            profile.learn(counts, anomalous ? null : point, start);
            if (!anomalous) {
                population.profile.stats.learn(point);
            }
        }
        advance(identity, state, shingled, window);
        population.dirty = true;
        return alert;
    }

    private void learnIdle(Identity identity, State state, State population, long window) {
        double[] shingled = state.profile.shingled(new double[Feature.COUNT], config.shingleSize());
        if (state.forest == null || sampled(identity, window)) {
            population.forest.process(shingled, window);
        }
        if (state.forest != null) {
            state.forest.process(shingled, window);
        }
        advance(identity, state, shingled, window);
    }

    /** Counts the window; a warming identity keeps it for its own forest, which starts from them once there are enough. */
    private void advance(Identity identity, State state, double[] shingled, long window) {
        IdentityProfile profile = state.profile;
        profile.windows++;
        profile.lastWindow = window;
        state.dirty = true;
        if (state.forest == null) {
            profile.warmUp.add(shingled);
            if (profile.warmUp.size() >= config.warmUpWindows()) {
                ForestModel forest = ForestModel.create(config.shingleSize(), ForestModel.OWN_TREES, ForestModel.OWN_SAMPLES,
                        config.threshold(), seed(identity.key()));
                long sequence = window - profile.warmUp.size();
                for (double[] past : profile.warmUp) {
                    forest.process(past, ++sequence);
                }
                profile.warmUp.clear();
                state.forest = forest;
            }
        }
    }

    private Optional<AnomalyAlert> judge(Identity identity, State state, ForestModel.Verdict verdict, double[] raw, double[] point,
                                         WindowCounts counts, Instant start, long window, FeatureStats usual, boolean own) {
        if (!(verdict.grade() > 0)) {
            return Optional.empty();
        }
        // Only features above their usual high explain an alert: a forest also flags an unusual mix of usual values, and
        // less of something (a quiet minute, fewer errors) is never an attack by itself.
        List<Feature> beyond = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            double high = own ? usual.ownHigh(feature) : usual.populationHigh(feature);
            // A share of two errors is chance, whatever the share; MIN_ERRORS make one.
            boolean tooFew = feature == Feature.ERROR_SHARE && counts.errors() < MIN_ERRORS;
            if (!tooFew && point[feature.ordinal()] > high + feature.margin()) {
                beyond.add(feature);
            }
        }
        if (beyond.isEmpty()) {
            return Optional.empty();
        }
        beyond.sort((a, b) -> Double.compare(verdict.attribution()[b.ordinal()], verdict.attribution()[a.ordinal()]));
        Feature dominant = beyond.getFirst();
        IdentityProfile profile = state.profile;
        if (dominant.kind().equals(profile.lastAlertKind) && window - profile.lastAlertWindow <= EPISODE_WINDOWS) {
            profile.lastAlertWindow = window;
            return Optional.empty();
        }
        profile.lastAlertKind = dominant.kind();
        profile.lastAlertWindow = window;
        double excess = point[dominant.ordinal()] - (own ? usual.ownHigh(dominant) : usual.populationHigh(dominant));
        AnomalyAlert.Severity severity = excess >= 2 ? AnomalyAlert.Severity.HIGH
                : excess >= 1 ? AnomalyAlert.Severity.MEDIUM : AnomalyAlert.Severity.LOW;
        List<String> reasons = new ArrayList<>();
        for (Feature feature : beyond.subList(0, Math.min(3, beyond.size()))) {
            double high = own ? usual.ownHigh(feature) : usual.populationHigh(feature);
            reasons.add(AlertReasons.reason(feature, raw[feature.ordinal()], Math.max(0, feature.untransform(high)), counts, profile,
                    config.window(), own));
        }
        String refused = AlertReasons.refusals(counts);
        if (!refused.isEmpty()) {
            reasons.add(refused);
        }
        return Optional.of(new AnomalyAlert(start, AnomalyAlert.Detector.BEHAVIOUR, dominant.kind(), identity.subject(), severity,
                verdict.score(), reasons, null));
    }

    private static boolean sampled(Identity identity, long window) {
        return Math.floorMod(window + identity.key().hashCode(), POPULATION_SAMPLING) == 0;
    }

    private static double[] transform(double[] raw) {
        double[] point = new double[raw.length];
        for (Feature feature : Feature.values()) {
            point[feature.ordinal()] = feature.transform(raw[feature.ordinal()]);
        }
        return point;
    }

    private Instant start(long window) {
        return Instant.ofEpochSecond(window * config.window().toSeconds());
    }

    /** The window {@code at} falls in, as an index from the epoch. */
    public static long windowOf(Instant at, Duration window) {
        return Math.floorDiv(at.getEpochSecond(), window.toSeconds());
    }

    private State state(Identity identity) {
        String key = identity.key();
        State state = identities.get(key);
        if (state == null) {
            state = load(key).orElseGet(() -> new State(new IdentityProfile(), null));
            identities.put(key, state);
            evictBeyondCap();
        }
        return state;
    }

    private State population(Subject.Kind kind) {
        return populations.computeIfAbsent(kind, k -> load(populationKey(k)).orElseGet(() -> new State(new IdentityProfile(),
                ForestModel.create(config.shingleSize(), ForestModel.POPULATION_TREES, ForestModel.POPULATION_SAMPLES,
                        config.populationThreshold(), seed(populationKey(k))))));
    }

    private static String populationKey(Subject.Kind kind) {
        return "population:" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void evictBeyondCap() {
        if (identities.size() <= config.maxIdentities()) {
            return;
        }
        Map<String, byte[]> evicted = new HashMap<>();
        Iterator<Map.Entry<String, State>> oldest = identities.entrySet().iterator();
        while (identities.size() - evicted.size() > config.maxIdentities() && oldest.hasNext()) {
            Map.Entry<String, State> entry = oldest.next();
            evicted.put(entry.getKey(), toBytes(entry.getValue()));
            oldest.remove();
        }
        models.save(evicted);
    }

    private Optional<State> load(String key) {
        try {
            return models.load(key).map(BehaviourScorer::fromBytes);
        } catch (RuntimeException e) {
            // A state that cannot be read (another version, a damaged row) is started afresh rather than stopping scoring.
            LOG.warn("behaviour state {} could not be read and starts afresh: {}", key, e.toString());
            return Optional.empty();
        }
    }

    /** Saves every identity and population changed since its last save. */
    public int saveChanged() {
        Map<String, byte[]> changed = new HashMap<>();
        identities.forEach((key, state) -> {
            if (state.dirty) {
                changed.put(key, toBytes(state));
                state.dirty = false;
            }
        });
        populations.forEach((kind, state) -> {
            if (state.dirty) {
                changed.put(populationKey(kind), toBytes(state));
                state.dirty = false;
            }
        });
        if (!changed.isEmpty()) {
            models.save(changed);
        }
        return changed.size();
    }

    /**
     * Saves, then forgets, the identities outside {@code shards} (another node scores them now) and the populations when
     * no shard is held; what is forgotten is loaded again from the store when its shard comes back.
     */
    public void keepOnly(Set<Integer> shards) {
        saveChanged();
        identities.keySet().removeIf(key -> !shards.contains(Identity.ofKey(key).shard()));
        // A population is learned by whichever nodes score: reloaded when this node scores again, after others changed it.
        if (shards.isEmpty()) {
            populations.clear();
        }
    }

    /** Identities held in memory now. */
    public int identitiesInMemory() {
        return identities.size();
    }

    /** Identities in memory scored by their own forest (the rest still by their population's). */
    public int identitiesWithForest() {
        return (int) identities.values().stream().filter(state -> state.forest != null).count();
    }

    private static long seed(String key) {
        return key.hashCode() * 0x9E3779B97F4A7C15L;
    }

    private static byte[] toBytes(State state) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(FORMAT);
            byte[] profile = JSON.writeValueAsBytes(state.profile.toState());
            out.writeInt(profile.length);
            out.write(profile);
            byte[] forest = state.forest == null ? new byte[0] : state.forest.toBytes();
            out.writeInt(forest.length);
            out.write(forest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static State fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != FORMAT) {
                throw new IllegalArgumentException("behaviour state of an unknown format");
            }
            IdentityProfile profile = IdentityProfile.fromState(JSON.readValue(in.readNBytes(in.readInt()), IdentityProfile.ProfileState.class));
            byte[] forest = in.readNBytes(in.readInt());
            return new State(profile, forest.length == 0 ? null : ForestModel.fromBytes(forest, 0));
        } catch (IOException e) {
            throw new IllegalArgumentException("behaviour state cut short", e);
        }
    }
}
