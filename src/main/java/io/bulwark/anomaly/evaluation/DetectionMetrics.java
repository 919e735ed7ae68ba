package io.bulwark.anomaly.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores of labelled requests, and what they say of the detector: the ROC AUC (the chance an attack outscores a normal
 * request, ties counting half: the Mann-Whitney U statistic) and, at a fixed false-positive rate, the threshold, recall
 * and precision (Fawcett, "An introduction to ROC analysis", 2006, §3-4). Not thread-safe.
 */
public final class DetectionMetrics {

    private double[] normal = new double[1024];
    private double[] attack = new double[1024];
    private int normals;
    private int attacks;

    /** Adds one labelled score. */
    public void add(double score, boolean isAttack) {
        if (isAttack) {
            if (attacks == attack.length) {
                attack = Arrays.copyOf(attack, attacks * 2);
            }
            attack[attacks++] = score;
        } else {
            if (normals == normal.length) {
                normal = Arrays.copyOf(normal, normals * 2);
            }
            normal[normals++] = score;
        }
    }

    public int normals() {
        return normals;
    }

    public int attacks() {
        return attacks;
    }

    /** ROC AUC, or NaN without both labels. */
    public double rocAuc() {
        if (normals == 0 || attacks == 0) {
            return Double.NaN;
        }
        double[] n = Arrays.copyOf(normal, normals);
        double[] a = Arrays.copyOf(attack, attacks);
        Arrays.sort(n);
        Arrays.sort(a);
        // For each attack, the normals strictly below it plus half the ties.
        double wins = 0;
        int below = 0;
        int upTo = 0;
        for (double score : a) {
            while (below < n.length && n[below] < score) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < n.length && n[upTo] <= score) {
                upTo++;
            }
            wins += below + (upTo - below) / 2.0;
        }
        return wins / ((double) normals * attacks);
    }

    /**
     * The operating point that flags at most {@code fpr} of the normal requests: requests scoring strictly above the
     * threshold are flagged.
     *
     * @param threshold the threshold
     * @param fpr       the false-positive rate reached
     * @param recall    the share of attacks flagged
     * @param precision the share of flagged requests that are attacks (NaN when nothing is flagged)
     */
    public record OperatingPoint(double targetFpr, double threshold, double fpr, double recall, double precision) {
    }

    /** The operating point at a false-positive rate of at most {@code targetFpr}. */
    public OperatingPoint atFalsePositiveRate(double targetFpr) {
        double[] n = Arrays.copyOf(normal, normals);
        Arrays.sort(n);
        int allowed = (int) Math.floor(targetFpr * normals);
        double threshold = normals == 0 ? 0 : n[normals - 1 - Math.min(allowed, normals - 1)];
        return at(targetFpr, threshold);
    }

    /** The operating point of a fixed threshold (scores strictly above it are flagged). */
    public OperatingPoint atThreshold(double threshold) {
        return at(Double.NaN, threshold);
    }

    private OperatingPoint at(double target, double threshold) {
        long fp = 0;
        for (int i = 0; i < normals; i++) {
            if (normal[i] > threshold) {
                fp++;
            }
        }
        long tp = 0;
        for (int i = 0; i < attacks; i++) {
            if (attack[i] > threshold) {
                tp++;
            }
        }
        double fpr = normals == 0 ? Double.NaN : fp / (double) normals;
        double recall = attacks == 0 ? Double.NaN : tp / (double) attacks;
        double precision = tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
        return new OperatingPoint(target, threshold, fpr, recall, precision);
    }

    /** The report `bulwark anomaly score` prints: counts, ROC AUC, the model's own threshold, and 0.1 %, 1 % and 5 % FPR. */
    public List<String> report(double modelThreshold) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "labelled: %d normal, %d attack", normals, attacks));
        lines.add(String.format(Locale.ROOT, "ROC AUC: %.4f", rocAuc()));
        OperatingPoint own = atThreshold(modelThreshold);
        lines.add(String.format(Locale.ROOT, "at the threshold %.3f: FPR %.2f %%, recall %.2f %%, precision %.2f %%", modelThreshold,
                100 * own.fpr(), 100 * own.recall(), 100 * own.precision()));
        for (double target : new double[] {0.001, 0.01, 0.05}) {
            OperatingPoint p = atFalsePositiveRate(target);
            lines.add(String.format(Locale.ROOT, "at FPR <= %.1f %% (threshold %.4f): FPR %.2f %%, recall %.2f %%, precision %.2f %%",
                    100 * target, p.threshold(), 100 * p.fpr(), 100 * p.recall(), 100 * p.precision()));
        }
        return lines;
    }
}
