package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A server started as its own process for a benchmark, whose CPU time is read from
 * {@code /proc/<pid>/stat} so that the load generator's own work is never counted.
 */
final class ServerProcess implements AutoCloseable {

    /** The kind {@link #cpuSecondsByThreadKind()} gives the JIT compiler's threads. */
    static final String JIT_COMPILER = "JIT compiler";

    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}, writing its output to {@code log}, and waits until {@code readyLine} appears. */
    static ServerProcess start(List<String> command, Path log, String readyLine) throws IOException, InterruptedException {
        return start(command, Map.of(), log, readyLine, Duration.ofSeconds(90));
    }

    /** As above, waiting up to {@code timeout} for {@code readyLine} (a node over a large store starts slower). */
    static ServerProcess start(List<String> command, Path log, String readyLine, Duration timeout) throws IOException, InterruptedException {
        return start(command, Map.of(), log, readyLine, timeout);
    }

    /** As above, with {@code environment} added to this process's environment. */
    static ServerProcess start(List<String> command, Map<String, String> environment, Path log, String readyLine)
            throws IOException, InterruptedException {
        return start(command, environment, log, readyLine, Duration.ofSeconds(90));
    }

    private static ServerProcess start(List<String> command, Map<String, String> environment, Path log, String readyLine, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
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

    /**
     * The {@code stat} files of the JIT compiler's threads as they are now, so that their CPU can be read often and
     * cheaply ({@link #cpuSecondsOf(List)}); compiler threads the JVM starts later are not in it.
     */
    List<Path> jitThreadStats() throws IOException {
        List<Path> stats = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (threadKind(Files.readString(task.resolve("comm")).strip()).equals(JIT_COMPILER)) {
                        stats.add(task.resolve("stat"));
                    }
                } catch (IOException threadEnded) {
                    // Ended between the listing and the read.
                }
            }
        }
        return List.copyOf(stats);
    }

    /** CPU seconds the threads of {@code stats} have used so far; a thread that has ended counts nothing. */
    static double cpuSecondsOf(List<Path> stats) {
        double total = 0;
        for (Path stat : stats) {
            try {
                total += ticks(Files.readString(stat));
            } catch (IOException threadEnded) {
                // The JVM stops idle compiler threads; what they used is gone with them.
            }
        }
        return total;
    }

    /**
     * CPU seconds used so far per kind of thread (GC, JIT, event loops, virtual-thread carriers, else the thread's name
     * without its numbers), to show where the process's CPU goes. Threads that have ended are missing.
     */
    Map<String, Double> cpuSecondsByThreadKind() throws IOException {
        Map<String, Double> kinds = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    kinds.merge(threadKind(Files.readString(task.resolve("comm")).strip()), ticks(Files.readString(task.resolve("stat"))),
                            Double::sum);
                } catch (IOException threadEnded) {
                    // Ended between the listing and the read.
                }
            }
        }
        return kinds;
    }

    private static String threadKind(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.contains("CompilerThre")) {
            return JIT_COMPILER;
        }
        if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (name.startsWith("ForkJoinPool")) {
            return "virtual-thread carriers";
        }
        return name.replaceAll("\\d+", "N");
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

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }
}
