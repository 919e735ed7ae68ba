package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as its own process for a benchmark, whose CPU time is read from
 * {@code /proc/<pid>/stat} so that the load generator's own work is never counted.
 */
final class ServerProcess implements AutoCloseable {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}, writing its output to {@code log}, and waits until {@code readyLine} appears. */
    static ServerProcess start(List<String> command, Path log, String readyLine) throws IOException, InterruptedException {
        return start(command, log, readyLine, Duration.ofSeconds(90));
    }

    /** Starts {@code command} as {@link #start(List, Path, String)} does, waiting up to {@code timeout} for {@code readyLine}. */
    static ServerProcess start(List<String> command, Path log, String readyLine, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(process, log);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(readyLine)) {
                return server;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited early:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("server not ready within " + timeout.toSeconds() + " s:\n" + Files.readString(log));
    }

    /** CPU seconds (user + system) the process and its threads have used so far. */
    double cpuSeconds() throws IOException {
        return cpuSecondsOf(process.pid());
    }

    /**
     * CPU seconds the JVM's JIT compiler threads have used so far: part of {@link #cpuSeconds()}, reported
     * apart because a short run of a large Java program spends much of its CPU compiling, a cost nginx never has.
     */
    double jitCpuSeconds() throws IOException {
        double total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("C")
                            && Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        total += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException threadEnded) {
                    // A compiler thread that ended between the listing and the read: its time is gone with it.
                }
            }
        }
        return total;
    }

    static double cpuSecondsOf(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    private static double ticks(String stat) {
        // Fields after the command name (which may contain spaces) start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / CLOCK_TICKS_PER_SECOND;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    Path log() {
        return log;
    }
}
