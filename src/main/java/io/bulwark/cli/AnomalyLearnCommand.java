package io.bulwark.cli;

import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.anomaly.content.ContentModel;
import io.bulwark.anomaly.content.ContentTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bulwark anomaly learn}: trains the content model on the normal requests of traffic files and calibrates its threshold. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Train the request-content model from JSON Lines or HAR traffic (labelled files: the normal requests only) and "
                + "calibrate its threshold on held-out normal requests. Exit status 0: trained; 1: trained, bad records skipped "
                + "(--skip-bad); 2: could not run, no model written.")
final class AnomalyLearnCommand implements Callable<Integer> {

    @Option(names = "--traffic", required = true, arity = "1..*", paramLabel = "FILE", description = "Traffic files (JSON Lines or HAR).")
    List<Path> traffic;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder to write the model to (content-model.json).")
    Path model;

    @Option(names = "--target-fpr", paramLabel = "SHARE", defaultValue = "0.01",
            description = "Share of held-out normal requests allowed above the threshold (default ${DEFAULT-VALUE}).")
    double targetFpr;

    @Mixin
    AnomalyRunOptions run;

    @Override
    public Integer call() throws InterruptedException {
        java.util.OptionalInt threadCount = run.threads(System.err);
        if (threadCount.isEmpty()) {
            return AnomalyCommand.COULD_NOT_RUN;
        }
        int n = threadCount.getAsInt();
        if (!(targetFpr > 0 && targetFpr < 0.5)) {
            System.err.println("bulwark: --target-fpr is a share between 0 and 0.5, such as 0.01, not " + targetFpr);
            return AnomalyCommand.COULD_NOT_RUN;
        }
        ContentTrainer trainer = new ContentTrainer();
        long[] attacks = new long[1];
        long[] labelled = new long[1];
        TrafficInput input = run.input("learning", System.err);
        long started = System.nanoTime();
        try {
            TrafficInput.checkReadable(traffic);
            input.read(traffic, record -> {
                if (record.label().isPresent()) {
                    labelled[0]++;
                }
                if (record.label().orElse(TrafficRecord.Label.NORMAL) == TrafficRecord.Label.ATTACK) {
                    attacks[0]++;
                } else {
                    trainer.accept(record);
                }
            });
        } catch (TrafficInput.Stopped e) {
            System.err.println("bulwark: " + e.getMessage() + "; no model written");
            return AnomalyCommand.COULD_NOT_RUN;
        } catch (IOException e) {
            System.err.println("bulwark: " + e.getMessage() + "; no model written");
            return AnomalyCommand.COULD_NOT_RUN;
        } catch (Exception e) {
            System.err.println("bulwark: could not read the traffic: " + e + "; no model written");
            return AnomalyCommand.COULD_NOT_RUN;
        }
        if (trainer.seen() == 0) {
            System.err.println("bulwark: no normal requests to learn from in " + traffic + "; give traffic with requests labelled "
                    + "\"normal\" or unlabelled; no model written");
            return AnomalyCommand.COULD_NOT_RUN;
        }
        ContentModel learned = trainer.finish(targetFpr, n);
        try {
            learned.save(model);
        } catch (IOException e) {
            System.err.println("bulwark: could not write the model to " + model + ": " + e.getMessage());
            return AnomalyCommand.COULD_NOT_RUN;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (labelled[0] > 0) {
            System.out.printf(Locale.ROOT, "labels present: trained on the %,d normal requests only; %,d attack requests left out%n",
                    trainer.seen(), attacks[0]);
        }
        ContentModel.Threshold t = learned.threshold();
        System.out.printf(Locale.ROOT, "learned %,d requests, %,d operations in %.1f s (%,.0f requests/s); threshold calibrated on %,d "
                        + "held-out normal requests at %.2f %% false positives (raw %.3f)%n", learned.requests(), learned.operationCount(),
                seconds, learned.requests() / Math.max(seconds, 1e-3), t.holdout(), 100 * t.targetFpr(), t.raw());
        System.out.println("model written to " + model.resolve(ContentModel.FILE_NAME));
        return input.skipped() > 0 ? AnomalyCommand.SKIPPED_BAD : AnomalyCommand.OK;
    }
}
