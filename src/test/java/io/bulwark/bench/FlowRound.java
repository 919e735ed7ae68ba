package io.bulwark.bench;

import io.bulwark.testing.TestBrowser;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs code flows closed-loop: {@code concurrency} users, each starting the next flow when the last one ends,
 * for a given time or until the tickets (signed before the clock starts) run out.
 */
final class FlowRound {

    private static final int FAILURES_KEPT = 5;

    private FlowRound() {
    }

    /**
     * @param attributeCpu read the server's CPU around each step; only with {@code concurrency} 1, where a step's CPU
     *                     is its own and not also its neighbours'
     */
    static FlowRoundResult run(String name, int concurrency, Duration length, List<FlowTicket> tickets, CodeFlow flow,
                               ServerProcess server, boolean attributeCpu) throws Exception {
        return run(name, concurrency, length, tickets, flow, server, attributeCpu, false);
    }

    /**
     * @param keepBrowsers each user's flows share one browser (cookies cleared between flows) and so its connection:
     *                     the difference to a browser per flow is what a new TLS connection per flow costs
     */
    static FlowRoundResult run(String name, int concurrency, Duration length, List<FlowTicket> tickets, CodeFlow flow,
                               ServerProcess server, boolean attributeCpu, boolean keepBrowsers) throws Exception {
        if (attributeCpu && concurrency != 1) {
            throw new IllegalArgumentException("CPU per step is only measurable with one flow at a time, not " + concurrency);
        }
        ConcurrentLinkedQueue<FlowTicket> queue = new ConcurrentLinkedQueue<>(tickets);
        List<Path> jitStats = server.jitThreadStats();
        ConcurrentLinkedQueue<StepTimes> done = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Double> threadsBefore = server.cpuSecondsByThreadKind();
        double cpuBefore = server.cpuSeconds();
        long harnessBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                executor.submit(() -> {
                    FlowTicket ticket;
                    TestBrowser kept = keepBrowsers ? flow.newBrowser() : null;
                    while (System.nanoTime() < end && (ticket = queue.poll()) != null) {
                        StepTimes times = new StepTimes(attributeCpu ? server : null, jitStats);
                        try {
                            if (kept != null) {
                                flow.run(ticket, times, kept);
                            } else {
                                flow.run(ticket, times);
                            }
                            done.add(times);
                        } catch (Exception | AssertionError e) {
                            // A flow that does not end with a token is a failure, whatever the reason.
                            failed.incrementAndGet();
                            if (failures.size() < FAILURES_KEPT) {
                                String message = String.valueOf(e.getMessage());
                                failures.add((times.current() == null ? "between steps" : times.current().label) + ": "
                                        + e.getClass().getSimpleName() + ": " + message.substring(0, Math.min(300, message.length())));
                            }
                        }
                    }
                    if (kept != null) {
                        kept.close();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverCpu = server.cpuSeconds() - cpuBefore;
        double harnessCpu = (os.getProcessCpuTime() - harnessBefore) / 1e9;
        Map<String, Double> threadCpu = new TreeMap<>(server.cpuSecondsByThreadKind());
        threadCpu.replaceAll((kind, after) -> after - threadsBefore.getOrDefault(kind, 0.0));

        List<StepTimes> flows = new ArrayList<>(done);
        LoadResult total = new LoadResult(name, flows.size(), failed.get(), seconds,
                flows.stream().mapToLong(t -> t.totalNanos() / 1000).toArray(), serverCpu);
        Map<CodeFlow.Step, LoadResult> steps = new EnumMap<>(CodeFlow.Step.class);
        Map<CodeFlow.Step, Double> stepCpu = new EnumMap<>(CodeFlow.Step.class);
        Map<CodeFlow.Step, Double> stepJit = new EnumMap<>(CodeFlow.Step.class);
        for (CodeFlow.Step step : CodeFlow.Step.values()) {
            List<StepTimes> ran = flows.stream().filter(t -> t.ran(step)).toList();
            if (!ran.isEmpty()) {
                double cpu = ran.stream().mapToDouble(t -> t.cpuSeconds(step)).sum();
                steps.put(step, new LoadResult(step.label, ran.size(), 0, seconds, ran.stream().mapToLong(t -> t.nanos(step) / 1000).toArray(), cpu));
                if (attributeCpu) {
                    stepCpu.put(step, cpu);
                    stepJit.put(step, ran.stream().mapToDouble(t -> t.jitSeconds(step)).sum());
                }
            }
        }
        return new FlowRoundResult(name, concurrency, total, steps, stepCpu, stepJit, threadCpu, harnessCpu, List.copyOf(failures),
                queue.isEmpty());
    }
}
