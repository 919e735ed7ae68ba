package io.bulwark.cli;

import io.bulwark.anomaly.TrafficRecord;
import io.bulwark.anomaly.traffic.BadTrafficRecord;
import io.bulwark.anomaly.traffic.TrafficFiles;
import io.bulwark.anomaly.traffic.TrafficReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads traffic files for the {@code anomaly} commands under one rule for bad records: stop at the first (exit 2), or
 * with {@code --skip-bad} name each on stderr (the first 20), skip it and go on (exit 1). Draws the progress bar.
 */
final class TrafficInput {

    /** Receives each good record, in file order. */
    @FunctionalInterface
    interface Sink {
        void accept(TrafficRecord record) throws Exception;
    }

    /** A bad record ended the run (without --skip-bad): its message names file, line and fix. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    private static final int NAMED_SKIPS = 20;

    private final boolean skipBad;
    private final PrintStream err;
    private final Progress progress;
    private long skipped;
    private long records;

    TrafficInput(boolean skipBad, boolean progress, String verb, PrintStream err) {
        this.skipBad = skipBad;
        this.err = err;
        this.progress = new Progress(progress, verb, err);
    }

    /** Reads every file into {@code sink}. */
    void read(List<Path> files, Sink sink) throws Exception {
        long total = 0;
        for (Path file : files) {
            total += Files.isRegularFile(file) ? Files.size(file) : 0;
        }
        long done = 0;
        for (Path file : files) {
            try (TrafficReader reader = TrafficFiles.open(file)) {
                while (true) {
                    TrafficRecord record;
                    try {
                        record = reader.next();
                    } catch (BadTrafficRecord bad) {
                        if (!skipBad || bad.fatal()) {
                            progress.end();
                            throw new Stopped(bad.getMessage() + (bad.fatal() ? "" : " (or pass --skip-bad to skip such records)"));
                        }
                        if (++skipped <= NAMED_SKIPS) {
                            progress.clear();
                            err.println("bulwark: skipped " + bad.getMessage());
                        }
                        continue;
                    }
                    if (record == null) {
                        break;
                    }
                    records++;
                    sink.accept(record);
                    progress.at(records, done + reader.position(), total);
                }
                done += Files.size(file);
            }
        }
        progress.end();
        if (skipped > NAMED_SKIPS) {
            err.println("bulwark: skipped " + skipped + " bad records in all (the first " + NAMED_SKIPS + " named above)");
        }
    }

    long skipped() {
        return skipped;
    }

    long records() {
        return records;
    }

    static void checkReadable(List<Path> files) throws IOException {
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IOException("no readable traffic file at " + file + "; give a JSON Lines or HAR file (docs/ANOMALY.md, \"Traffic files\")");
            }
        }
    }

    /** A one-line bar on stderr, redrawn at most every 200 ms; silent unless asked for or stderr is a terminal. */
    static final class Progress {
        private final boolean on;
        private final String verb;
        private final PrintStream err;
        private final long started = System.nanoTime();
        private long lastDrawn;
        private boolean drawn;

        Progress(boolean on, String verb, PrintStream err) {
            this.on = on;
            this.verb = verb;
            this.err = err;
        }

        static boolean terminal() {
            java.io.Console console = System.console();
            return console != null && console.isTerminal();
        }

        void at(long records, long position, long total) {
            if (!on) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastDrawn < 200_000_000L && drawn) {
                return;
            }
            lastDrawn = now;
            drawn = true;
            double share = total <= 0 ? 0 : Math.min(1, position / (double) total);
            int width = 30;
            int filled = (int) Math.round(share * width);
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %,d requests, %,.0f/s ", verb, "#".repeat(filled), " ".repeat(width - filled),
                    100 * share, records, records / seconds);
            err.flush();
        }

        void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(78) + "\r");
            }
        }

        void end() {
            if (drawn) {
                err.println();
                drawn = false;
            }
        }
    }
}
