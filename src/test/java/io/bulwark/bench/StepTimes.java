package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One flow's time per step and, when given the server, the server's CPU per step, and of it the JIT compiler's: read
 * from {@code /proc} around each step, so it is that step's only when flows run one at a time.
 */
final class StepTimes {

    private final ServerProcess server;
    private final List<Path> jitStats;
    private final long[] nanos = new long[CodeFlow.Step.values().length];
    private final double[] cpuSeconds = new double[CodeFlow.Step.values().length];
    private final double[] jitSeconds = new double[CodeFlow.Step.values().length];
    private final boolean[] ran = new boolean[CodeFlow.Step.values().length];
    private CodeFlow.Step current;
    private long startedNanos;
    private double startedCpu;
    private double startedJit;

    /**
     * @param server   whose CPU to read around each step, or null for latencies only
     * @param jitStats the server's JIT compiler threads ({@link ServerProcess#jitThreadStats()})
     */
    StepTimes(ServerProcess server, List<Path> jitStats) {
        this.server = server;
        this.jitStats = jitStats;
    }

    void start(CodeFlow.Step step) throws IOException {
        current = step;
        // The /proc read is made outside the timed span, so that it does not count as the server's latency.
        if (server != null) {
            startedCpu = server.cpuSeconds();
            startedJit = ServerProcess.cpuSecondsOf(jitStats);
        }
        startedNanos = System.nanoTime();
    }

    void stop() throws IOException {
        long elapsed = System.nanoTime() - startedNanos;
        int i = current.ordinal();
        nanos[i] += elapsed;
        ran[i] = true;
        if (server != null) {
            cpuSeconds[i] += server.cpuSeconds() - startedCpu;
            jitSeconds[i] += ServerProcess.cpuSecondsOf(jitStats) - startedJit;
        }
        current = null;
    }

    /** The step under way, or null between steps (for naming the step a failure happened in). */
    CodeFlow.Step current() {
        return current;
    }

    boolean ran(CodeFlow.Step step) {
        return ran[step.ordinal()];
    }

    long nanos(CodeFlow.Step step) {
        return nanos[step.ordinal()];
    }

    double cpuSeconds(CodeFlow.Step step) {
        return cpuSeconds[step.ordinal()];
    }

    /** The part of {@link #cpuSeconds} the JIT compiler's threads used (compiling whatever ran, this step or not). */
    double jitSeconds(CodeFlow.Step step) {
        return jitSeconds[step.ordinal()];
    }

    long totalNanos() {
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        return total;
    }
}
