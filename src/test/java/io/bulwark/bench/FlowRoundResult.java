package io.bulwark.bench;

import java.util.List;
import java.util.Map;

/**
 * One round of code flows: the flows as a whole ({@code flows}: flows/s, latency, server CPU), each step's latency,
 * the server's CPU per step when it was attributed (one flow at a time), and the load generator's own CPU.
 *
 * @param stepCpuSeconds   empty unless the round attributed CPU to steps
 * @param stepJitSeconds   the JIT compiler's part of {@code stepCpuSeconds}
 * @param threadCpuSeconds the server's CPU in the round per kind of thread (GC, JIT compiler, event loops, ...)
 * @param ranOut         whether the round ended because the signed tickets ran out rather than the time
 */
record FlowRoundResult(String name, int concurrency, LoadResult flows, Map<CodeFlow.Step, LoadResult> steps,
                       Map<CodeFlow.Step, Double> stepCpuSeconds, Map<CodeFlow.Step, Double> stepJitSeconds,
                       Map<String, Double> threadCpuSeconds, double harnessCpuSeconds, List<String> failures, boolean ranOut) {

    double harnessCpuMillisPerFlow() {
        return flows.ok() == 0 ? Double.NaN : harnessCpuSeconds * 1000.0 / flows.ok();
    }

    /** The part of the server's CPU per flow its JIT compiler threads used: large while a young JVM still compiles. */
    double jitMillisPerFlow() {
        return flows.ok() == 0 ? Double.NaN : threadCpuSeconds.getOrDefault(ServerProcess.JIT_COMPILER, 0.0) * 1000.0 / flows.ok();
    }

    String line() {
        return String.format("%-22s %6.1f flows/s  p50 %7.1f ms  p99 %7.1f ms  server CPU %6.2f ms/flow (JIT %5.2f)  load generator %5.2f ms/flow  "
                        + "(%d ok, %d failed%s)", name, flows.throughput(), flows.percentileMillis(50), flows.percentileMillis(99),
                flows.cpuMillisPerRequest(), jitMillisPerFlow(), harnessCpuMillisPerFlow(), flows.ok(), flows.failed(),
                ranOut ? ", tickets ran out" : "")
                + (flows.failed() > 0 ? "  ROUND FAILED: not every flow ended with a token" : "");
    }

    String stepsLine() {
        StringBuilder line = new StringBuilder("    steps p50/p99 ms:");
        steps.forEach((step, result) -> line.append(String.format("  %s %.1f/%.1f", step.label, result.percentileMillis(50),
                result.percentileMillis(99))));
        return line.toString();
    }
}
