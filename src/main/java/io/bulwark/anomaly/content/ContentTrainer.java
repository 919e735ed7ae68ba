package io.bulwark.anomaly.content;

import io.bulwark.anomaly.TrafficRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link ContentModel} from normal requests and calibrates its threshold: every {@value #HOLDOUT_EVERY}th
 * request (up to {@value #MAX_HOLDOUT}) is held out, scored against the model of the others, and the threshold set so
 * that the target share of them (1 % by default) is above it; then they are learned too.
 */
public final class ContentTrainer {

    static final int HOLDOUT_EVERY = 10;
    static final int MAX_HOLDOUT = 20_000;
    /** The threshold never drops below one nat: a model whose held-out requests all score 0 must not flag every novelty. */
    private static final double MIN_RAW_THRESHOLD = 1.0;

    private final ContentModel model;
    private final ContentDetector detector;
    private final List<TrafficRecord> holdout = new ArrayList<>();
    private long seen;

    public ContentTrainer() {
        this(new ContentModel());
    }

    /** A trainer filling {@code model} (for ablations with some features off). */
    public ContentTrainer(ContentModel model) {
        this.model = model;
        this.detector = new ContentDetector(model);
    }

    /** A trainer with only these features on. */
    public static ContentTrainer withFeatures(Set<Feature> features) {
        return new ContentTrainer(new ContentModel(features));
    }

    /** Takes one normal request. */
    public void accept(TrafficRecord record) {
        seen++;
        if (seen % HOLDOUT_EVERY == 0 && holdout.size() < MAX_HOLDOUT) {
            holdout.add(record);
        } else {
            detector.learn(record);
        }
    }

    /** Requests taken so far. */
    public long seen() {
        return seen;
    }

    /**
     * Calibrates the threshold on the held-out requests with {@code threads} threads, learns them, and returns the model.
     *
     * @param targetFpr the share of normal requests allowed above the threshold, in (0, 0.5)
     */
    public ContentModel finish(double targetFpr, int threads) throws InterruptedException {
        if (!(targetFpr > 0 && targetFpr < 0.5)) {
            throw new IllegalArgumentException("the target false-positive rate is a share between 0 and 0.5, such as 0.01, not " + targetFpr);
        }
        double[] raws = new double[holdout.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            int chunk = Math.max(1, (raws.length + threads - 1) / Math.max(1, threads));
            List<Future<?>> parts = new ArrayList<>();
            for (int start = 0; start < raws.length; start += chunk) {
                int from = start;
                int to = Math.min(raws.length, start + chunk);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        raws[i] = detector.score(holdout.get(i)).raw();
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("scoring the held-out requests failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double raw = MIN_RAW_THRESHOLD;
        if (raws.length > 0) {
            Arrays.sort(raws);
            int allowed = (int) Math.floor(targetFpr * raws.length);
            raw = Math.max(MIN_RAW_THRESHOLD, raws[raws.length - 1 - allowed]);
        }
        model.threshold = new ContentModel.Threshold(raw, targetFpr, raws.length);
        holdout.forEach(detector::learn);
        holdout.clear();
        return model;
    }
}
