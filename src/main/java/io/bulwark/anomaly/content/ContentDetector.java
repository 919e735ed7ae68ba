package io.bulwark.anomaly.content;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.audit.AuditRedaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Scores one request's content against a {@link ContentModel} and, when asked, learns it. Thread-safe: scores run side
 * by side, a learn waits for them (the node learns off the request path).
 */
public final class ContentDetector {

    /** The score above which a request is anomalous unless the caller says otherwise. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    private static final int MAX_REASONS = 5;

    private final ContentModel model;
    private final double threshold;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** A detector with the model's calibrated threshold. */
    public ContentDetector(ContentModel model) {
        this(model, DEFAULT_THRESHOLD);
    }

    /** A detector that calls a request anomalous when its score is above {@code threshold} (in (0, 1)). */
    public ContentDetector(ContentModel model, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("a content threshold is a score between 0 and 1 (0.5 is the model's calibrated one), not " + threshold);
        }
        this.model = model;
        this.threshold = threshold;
    }

    /** The model it scores against (guarded by this detector: do not change it elsewhere). */
    public ContentModel model() {
        return model;
    }

    /** How anomalous {@code record} is, with its reasons. */
    public ContentScore score(TrafficRecord record) {
        RequestFields.Parts parts = RequestFields.of(record);
        List<Contribution> contributions;
        double calibrated;
        lock.readLock().lock();
        try {
            contributions = model.score(parts);
            calibrated = model.threshold.raw();
        } finally {
            lock.readLock().unlock();
        }
        double raw = 0;
        for (Contribution c : contributions) {
            raw += c.surprise();
        }
        double score = raw / (raw + calibrated);
        List<Contribution> sorted = new ArrayList<>(contributions);
        sorted.sort(Comparator.comparingDouble(Contribution::surprise).reversed());
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < sorted.size() && reasons.size() < MAX_REASONS; i++) {
            Contribution c = sorted.get(i);
            if (c.surprise() >= 1.0 || reasons.isEmpty()) {
                reasons.add(AuditRedaction.clean(c.field(), 80) + ": " + c.reason());
            }
        }
        return new ContentScore(score, raw, score > threshold, reasons);
    }

    /** Learns {@code record} as normal. */
    public void learn(TrafficRecord record) {
        RequestFields.Parts parts = RequestFields.of(record);
        lock.writeLock().lock();
        try {
            model.learn(parts);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The alert for {@code record} when its score is anomalous; the reasons are cleaned again when it becomes an event. */
    public Optional<AnomalyAlert> alert(TrafficRecord record) {
        ContentScore score = score(record);
        if (!score.anomalous()) {
            return Optional.empty();
        }
        String operation = RequestFields.of(record).operation();
        AnomalyAlert.Severity severity = score.score() > 0.8 ? AnomalyAlert.Severity.HIGH
                : score.score() > 0.65 ? AnomalyAlert.Severity.MEDIUM : AnomalyAlert.Severity.LOW;
        return Optional.of(new AnomalyAlert(record.time().orElseGet(Instant::now), AnomalyAlert.Detector.CONTENT, "content.field",
                new AnomalyAlert.Subject(AnomalyAlert.Subject.Kind.OPERATION, operation), severity, score.score(), score.reasons(),
                record.id()));
    }
}
