package io.bulwark.bench;

import java.io.IOException;

/**
 * One flow's time per step and, when given the server, the server's CPU per step: read from {@code /proc} around
 * each step, so it is that step's only when flows run one at a time.
 */
final class StepTimes {

    private final ServerProcess server;
    private final long[] nanos = new long[CodeFlow.Step.values().length];
    private final double[] cpuSeconds = new double[CodeFlow.Step.values().length];
    private final boolean[] ran = new boolean[CodeFlow.Step.values().length];
    private CodeFlow.Step current;
    private long startedNanos;
    private double startedCpu;

    /** @param server whose CPU to read around each step, or null for latencies only */
    StepTimes(ServerProcess server) {
        this.server = server;
    }

    void start(CodeFlow.Step step) throws IOException {
        current = step;
        // The /proc read is made outside the timed span, so that it does not count as the server's latency.
        if (server != null) {
            startedCpu = server.cpuSeconds();
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

    long totalNanos() {
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        return total;
    }
}
