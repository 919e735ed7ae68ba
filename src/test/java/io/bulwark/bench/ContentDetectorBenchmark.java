package io.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.anomaly.content.ContentDetector;
import io.bulwark.anomaly.content.ContentModel;
import io.bulwark.anomaly.content.ContentTrainer;
import io.bulwark.anomaly.content.Feature;
import io.bulwark.anomaly.evaluation.DetectionMetrics;
import io.bulwark.anomaly.traffic.TrafficFiles;
import io.bulwark.anomaly.traffic.TrafficReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The content detector on a labelled train/test pair, in process: learn throughput, scoring cost per request against a
 * baseline measured in the same run (parsing the same JSON lines with Jackson), the metrics, and with
 * {@code -Dbench.ablation=true} the metrics with each feature switched off in turn.
 * Usage: {@code ContentDetectorBenchmark TRAIN.jsonl TEST.jsonl}.
 */
public final class ContentDetectorBenchmark {

    public static void main(String[] args) throws Exception {
        List<TrafficRecord> train = read(Path.of(args[0]));
        List<TrafficRecord> test = read(Path.of(args[1]));
        List<TrafficRecord> normal = train.stream().filter(r -> r.label().orElse(TrafficRecord.Label.NORMAL) == TrafficRecord.Label.NORMAL).toList();
        System.out.printf(Locale.ROOT, "train: %,d normal requests; test: %,d requests%n", normal.size(), test.size());

        // Warm the JIT once, then time.
        train(normal, EnumSet.allOf(Feature.class));
        long t0 = System.nanoTime();
        ContentModel model = train(normal, EnumSet.allOf(Feature.class));
        double learnSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "learn: %,.0f requests/s (%.2f s, 1 thread, calibration included)%n", normal.size() / learnSeconds, learnSeconds);

        ContentDetector detector = new ContentDetector(model);
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        double parse = 0;
        double score = 0;
        for (int round = 0; round < 3; round++) {
            long p0 = System.nanoTime();
            long sink = 0;
            for (String line : lines) {
                if (!line.isBlank()) {
                    sink += json.readTree(line).size();
                }
            }
            parse = (System.nanoTime() - p0) / 1e3 / test.size();
            long s0 = System.nanoTime();
            for (TrafficRecord r : test) {
                sink += (long) detector.score(r).raw();
            }
            score = (System.nanoTime() - s0) / 1e3 / test.size();
            if (sink == 42) {
                System.out.print("");
            }
        }
        System.out.printf(Locale.ROOT, "score: %.1f µs per request (1 thread); baseline, parsing the same JSON line: %.1f µs; ratio %.1f%n",
                score, parse, score / parse);
        report("all features", detector, test);

        if (Boolean.getBoolean("bench.ablation")) {
            for (Feature off : Feature.values()) {
                EnumSet<Feature> features = EnumSet.allOf(Feature.class);
                features.remove(off);
                report("without " + off, new ContentDetector(train(normal, features)), test);
            }
        }
    }

    private static ContentModel train(List<TrafficRecord> normal, EnumSet<Feature> features) throws InterruptedException {
        ContentTrainer trainer = ContentTrainer.withFeatures(features);
        normal.forEach(trainer::accept);
        return trainer.finish(0.01, 1);
    }

    private static void report(String name, ContentDetector detector, List<TrafficRecord> test) {
        DetectionMetrics metrics = new DetectionMetrics();
        for (TrafficRecord r : test) {
            r.label().ifPresent(label -> metrics.add(detector.score(r).score(), label == TrafficRecord.Label.ATTACK));
        }
        DetectionMetrics.OperatingPoint own = metrics.atThreshold(ContentDetector.DEFAULT_THRESHOLD);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s AUC %.4f | own threshold: FPR %.2f%% recall %.2f%%", name,
                metrics.rocAuc(), 100 * own.fpr(), 100 * own.recall()));
        for (double fpr : new double[] {0.001, 0.01, 0.05}) {
            DetectionMetrics.OperatingPoint p = metrics.atFalsePositiveRate(fpr);
            line.append(String.format(Locale.ROOT, " | @%.1f%%: recall %.2f%% prec %.2f%%", 100 * fpr, 100 * p.recall(), 100 * p.precision()));
        }
        System.out.println(line);
    }

    static List<TrafficRecord> read(Path file) throws IOException {
        List<TrafficRecord> out = new ArrayList<>();
        try (TrafficReader reader = TrafficFiles.open(file)) {
            for (TrafficRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }
}
