package io.bulwark.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.anomaly.content.ContentDetector;
import io.bulwark.anomaly.content.ContentModel;
import io.bulwark.anomaly.content.ContentScore;
import io.bulwark.anomaly.evaluation.DetectionMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bulwark anomaly score}: one output line per input request, in input order, with its score, verdict and reasons;
 * with labels in the input, the detection metrics ({@link DetectionMetrics}) on stdout.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score JSON Lines or HAR traffic against a content model: one JSON line per request, in order, to --out. "
                + "Labelled input also prints ROC AUC and recall and precision at 0.1 %%, 1 %% and 5 %% false positives. "
                + "Exit status 0: scored; 1: scored, bad records skipped (--skip-bad); 2: could not run, no output written.")
final class AnomalyScoreCommand implements Callable<Integer> {

    private static final int BATCH = 4096;
    private static final JsonFactory JSON = new JsonFactory();

    @Option(names = "--traffic", required = true, paramLabel = "FILE", description = "Traffic file (JSON Lines or HAR).")
    Path traffic;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder of the model (from `anomaly learn`).")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "SCORES.jsonl", description = "Where to write the scores.")
    Path out;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "Score above which a request is anomalous, in (0, 1) (default 0.5: the model's calibrated threshold).")
    Double threshold;

    @Mixin
    AnomalyRunOptions run;

    @Override
    public Integer call() throws InterruptedException {
        java.util.OptionalInt threadCount = run.threads(System.err);
        if (threadCount.isEmpty()) {
            return AnomalyCommand.COULD_NOT_RUN;
        }
        int n = threadCount.getAsInt();
        double limit = threshold == null ? ContentDetector.DEFAULT_THRESHOLD : threshold;
        if (!(limit > 0 && limit < 1)) {
            System.err.println("bulwark: --threshold is a score between 0 and 1 (0.5 is the model's calibrated threshold), not " + limit);
            return AnomalyCommand.COULD_NOT_RUN;
        }
        ContentDetector detector;
        try {
            detector = new ContentDetector(ContentModel.load(model), limit);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("bulwark: could not read the model: " + e.getMessage());
            return AnomalyCommand.COULD_NOT_RUN;
        }
        Path absolute = out.toAbsolutePath();
        Path temp;
        try {
            Files.createDirectories(absolute.getParent());
            temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        } catch (IOException e) {
            System.err.println("bulwark: cannot write " + out + ": " + e.getMessage());
            return AnomalyCommand.COULD_NOT_RUN;
        }
        DetectionMetrics metrics = new DetectionMetrics();
        TrafficInput input = run.input("scoring", System.err);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long[] flagged = new long[1];
        long started = System.nanoTime();
        try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            List<TrafficRecord> batch = new ArrayList<>(BATCH);
            long[] index = new long[1];
            TrafficInput.checkReadable(List.of(traffic));
            input.read(List.of(traffic), record -> {
                batch.add(record);
                if (batch.size() == BATCH) {
                    flagged[0] += flush(batch, detector, pool, n, writer, metrics, index);
                }
            });
            flagged[0] += flush(batch, detector, pool, n, writer, metrics, index);
        } catch (TrafficInput.Stopped e) {
            deleteQuietly(temp);
            System.err.println("bulwark: " + e.getMessage() + "; no scores written");
            return AnomalyCommand.COULD_NOT_RUN;
        } catch (IOException e) {
            deleteQuietly(temp);
            System.err.println("bulwark: " + e.getMessage() + "; no scores written");
            return AnomalyCommand.COULD_NOT_RUN;
        } catch (Exception e) {
            deleteQuietly(temp);
            System.err.println("bulwark: could not score the traffic: " + e + "; no scores written");
            return AnomalyCommand.COULD_NOT_RUN;
        } finally {
            pool.shutdownNow();
        }
        try {
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            System.err.println("bulwark: cannot write " + out + ": " + e.getMessage());
            return AnomalyCommand.COULD_NOT_RUN;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long scored = input.records();
        System.out.printf(Locale.ROOT, "scored %,d requests in %.2f s with %d thread%s (%.1f µs per request, wall clock); %,d anomalous "
                + "at threshold %.3f; scores written to %s%n", scored, seconds, n, n == 1 ? "" : "s", scored == 0 ? 0 : seconds * 1e6 / scored,
                flagged[0], limit, out);
        if (metrics.normals() + metrics.attacks() > 0) {
            metrics.report(limit).forEach(System.out::println);
        }
        return input.skipped() > 0 ? AnomalyCommand.SKIPPED_BAD : AnomalyCommand.OK;
    }

    /** Scores the batch side by side, writes its lines in order, and returns how many were anomalous. */
    private static long flush(List<TrafficRecord> batch, ContentDetector detector, ExecutorService pool, int threads, BufferedWriter writer,
                              DetectionMetrics metrics, long[] index) throws Exception {
        if (batch.isEmpty()) {
            return 0;
        }
        ContentScore[] scores = new ContentScore[batch.size()];
        int chunk = (batch.size() + threads - 1) / threads;
        List<Future<?>> parts = new ArrayList<>();
        for (int start = 0; start < batch.size(); start += chunk) {
            int from = start;
            int to = Math.min(batch.size(), start + chunk);
            parts.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    scores[i] = detector.score(batch.get(i));
                }
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        long flagged = 0;
        for (int i = 0; i < scores.length; i++) {
            TrafficRecord record = batch.get(i);
            ContentScore score = scores[i];
            index[0]++;
            writer.write(line(record, score, index[0]));
            writer.write('\n');
            if (score.anomalous()) {
                flagged++;
            }
            record.label().ifPresent(label -> metrics.add(score.score(), label == TrafficRecord.Label.ATTACK));
        }
        batch.clear();
        return flagged;
    }

    private static String line(TrafficRecord record, ContentScore score, long index) throws IOException {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("id", record.id());
            json.writeNumberField("score", Math.round(score.score() * 1e6) / 1e6);
            json.writeBooleanField("anomalous", score.anomalous());
            json.writeArrayFieldStart("reasons");
            for (String reason : score.reasons()) {
                json.writeString(reason);
            }
            json.writeEndArray();
            json.writeNumberField("n", index);
            json.writeEndObject();
        }
        return text.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort: the temporary file's name says what it is.
        }
    }
}
