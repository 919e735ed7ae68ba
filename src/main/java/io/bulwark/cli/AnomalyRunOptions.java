package io.bulwark.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.OptionalInt;

/** The options `anomaly learn` and `anomaly score` share: threads, the bad-record rule and the progress bar. */
final class AnomalyRunOptions {

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: the machine's cores).")
    Integer threads;

    @Option(names = "--skip-bad", description = "Skip bad records (each named on stderr; no output line) instead of stopping at the first.")
    boolean skipBad;

    @Option(names = "--progress", description = "Draw a progress bar on stderr even when it is not a terminal.")
    boolean progress;

    /** The thread count, or empty after naming the fix on {@code err} when it is out of range. */
    OptionalInt threads(PrintStream err) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 256) {
            err.println("bulwark: --threads must be between 1 and 256, not " + n);
            return OptionalInt.empty();
        }
        return OptionalInt.of(n);
    }

    /** The traffic input under these options. */
    TrafficInput input(String verb, PrintStream err) {
        return new TrafficInput(skipBad, progress || TrafficInput.Progress.terminal(), verb, err);
    }
}
