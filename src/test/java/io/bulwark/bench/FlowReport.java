package io.bulwark.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The authorization-code flow benchmark's summary: figures across rounds per concurrency and per step, where the
 * server's CPU goes (per step, per kind of thread, the new connection per flow), and the ratios to compare runs by.
 *
 * @param keptBrowsers the round at the top concurrency with browsers kept across flows, or null
 * @param payments     the payment flows (with the TOTP step)
 * @param tokenCpu     one client_credentials token's server CPU in ms, measured in the same run
 * @param argon2Cpu    one Argon2id check's CPU in ms (on its thread), measured in the same run
 */
record FlowReport(Map<Integer, List<FlowRoundResult>> byConcurrency, FlowRoundResult keptBrowsers, FlowRoundResult payments,
                  double tokenCpu, double argon2Cpu, double idleCpuPerSecond, int baselineConcurrency) {

    void print() {
        System.out.printf("%nper concurrency (median of rounds; of two, their mean):%n");
        System.out.printf("%-6s %9s %9s %9s %19s %13s %23s%n", "c", "flows/s", "p50 ms", "p99 ms", "server CPU ms/flow", "of which JIT",
                "load generator ms/flow");
        byConcurrency.forEach((c, rounds) -> System.out.printf("%-6d %9.1f %9.1f %9.1f %19.2f %13.2f %23.2f%n", c,
                median(rounds, r -> r.flows().throughput()), median(rounds, r -> r.flows().percentileMillis(50)),
                median(rounds, r -> r.flows().percentileMillis(99)), median(rounds, r -> r.flows().cpuMillisPerRequest()),
                median(rounds, FlowRoundResult::jitMillisPerFlow), median(rounds, FlowRoundResult::harnessCpuMillisPerFlow)));

        System.out.printf("%nlatency per step, p50 / p99 ms (all rounds of a concurrency together):%n%-14s", "step");
        byConcurrency.keySet().forEach(c -> System.out.printf(" %18s", "c=" + c));
        System.out.println();
        for (CodeFlow.Step step : CodeFlow.Step.values()) {
            if (byConcurrency.values().stream().flatMap(List::stream).noneMatch(r -> r.steps().containsKey(step))) {
                continue;
            }
            System.out.printf("%-14s", step.label);
            byConcurrency.values().forEach(rounds -> {
                LoadResult merged = merged(rounds, step);
                System.out.printf(" %18s", String.format("%.1f / %.1f", merged.percentileMillis(50), merged.percentileMillis(99)));
            });
            System.out.println();
        }

        List<FlowRoundResult> single = byConcurrency.getOrDefault(1, List.of());
        int singleFlows = single.stream().mapToInt(r -> r.flows().ok()).sum();
        double singleCpu = single.stream().mapToDouble(r -> r.flows().serverCpuSeconds()).sum() * 1000 / singleFlows;
        double singleJit = single.stream().mapToDouble(r -> r.jitMillisPerFlow() * r.flows().ok()).sum() / singleFlows;
        double signInCpu = Double.NaN;
        if (singleFlows > 0) {
            System.out.printf("%nserver CPU per step, one flow at a time (c=1, %d flows): %.2f ms/flow, %.2f without the JIT compiler's%n",
                    singleFlows, singleCpu, singleCpu - singleJit);
            System.out.printf("  %-14s %14s %8s %22s%n", "step", "without JIT", "share", "JIT compiling meanwhile");
            double attributed = 0;
            double attributedJit = 0;
            for (CodeFlow.Step step : CodeFlow.Step.values()) {
                if (single.stream().noneMatch(r -> r.stepCpuSeconds().containsKey(step))) {
                    continue;
                }
                double cpu = single.stream().mapToDouble(r -> r.stepCpuSeconds().getOrDefault(step, 0.0)).sum() * 1000 / singleFlows;
                double jit = single.stream().mapToDouble(r -> r.stepJitSeconds().getOrDefault(step, 0.0)).sum() * 1000 / singleFlows;
                System.out.printf("  %-14s %11.2f ms %6.1f %% %19.2f ms%n", step.label, cpu - jit, 100 * (cpu - jit) / (singleCpu - singleJit), jit);
                attributed += cpu;
                attributedJit += jit;
                if (step == CodeFlow.Step.SIGN_IN) {
                    signInCpu = cpu - jit;
                }
            }
            double rest = (singleCpu - attributed) - (singleJit - attributedJit);
            System.out.printf("  %-14s %11.2f ms %6.1f %% %19.2f ms  (idle server: %.1f ms per second)%n", "between steps", rest,
                    100 * rest / (singleCpu - singleJit), singleJit - attributedJit, idleCpuPerSecond);
            singleCpu -= singleJit;
        }

        int top = byConcurrency.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<FlowRoundResult> topRounds = byConcurrency.get(top);
        double flowCpu = median(topRounds, r -> r.flows().cpuMillisPerRequest());
        // The JIT compiler's share falls as the server ages, so each figure is given with and without it.
        double flowCpuNoJit = median(topRounds, r -> r.flows().cpuMillisPerRequest() - r.jitMillisPerFlow());
        printThreads(top, topRounds);
        if (keptBrowsers != null) {
            double kept = keptBrowsers.flows().cpuMillisPerRequest() - keptBrowsers.jitMillisPerFlow();
            System.out.printf("%na browser per flow (new TLS connection) against one kept per user (c=%d), server CPU without JIT: %.2f against "
                            + "%.2f ms/flow, so the new connection costs %.2f ms per flow; %.1f against %.1f flows/s%n", top, flowCpuNoJit, kept,
                    flowCpuNoJit - kept, median(topRounds, r -> r.flows().throughput()), keptBrowsers.flows().throughput());
        }
        System.out.printf("%nbaseline, same run: one client_credentials token (private_key_jwt + DPoP, c=%d) costs %.3f ms of server CPU (median of rounds)%n",
                baselineConcurrency, tokenCpu);
        System.out.printf("ratio: server CPU per flow (c=%d) / per client_credentials token = %.2f / %.3f = %.1f (without the flows' JIT: %.2f / %.3f = %.1f)%n",
                top, flowCpu, tokenCpu, flowCpu / tokenCpu, flowCpuNoJit, tokenCpu, flowCpuNoJit / tokenCpu);
        System.out.printf("Argon2id share of a flow's CPU: one check %.1f ms (load generator) / %.2f ms per flow (c=%d) = %.0f %% "
                + "(without JIT: / %.2f = %.0f %%)", argon2Cpu, flowCpu, top, 100 * argon2Cpu / flowCpu, flowCpuNoJit, 100 * argon2Cpu / flowCpuNoJit);
        if (!Double.isNaN(signInCpu)) {
            System.out.printf("; the sign-in step's own CPU at c=1 without JIT (Argon2id and the rest of the POST): %.1f ms = %.0f %% of that "
                            + "flow's %.2f ms",
                    signInCpu, 100 * signInCpu / singleCpu, singleCpu);
        }
        System.out.println();
        System.out.printf("flow CPU without JIT and without the password check: %.2f ms = %.1f client_credentials tokens%n", flowCpuNoJit - argon2Cpu,
                (flowCpuNoJit - argon2Cpu) / tokenCpu);
        printPayments();
        System.out.println("(no numeric target: issue 10 asks for these figures; compare runs by the ratios)");
    }

    /** The payment flows, the only ones with the TOTP step: too few (one per user and time step) for more than an indication. */
    private void printPayments() {
        int flows = payments.flows().ok();
        if (flows == 0) {
            return;
        }
        LoadResult totp = payments.steps().get(CodeFlow.Step.SECOND_FACTOR);
        double totpCpu = (payments.stepCpuSeconds().getOrDefault(CodeFlow.Step.SECOND_FACTOR, Double.NaN)
                - payments.stepJitSeconds().getOrDefault(CodeFlow.Step.SECOND_FACTOR, Double.NaN)) * 1000 / flows;
        System.out.printf("payment flows with the TOTP step (%d, one at a time): %.1f ms of server CPU per flow (%.1f without JIT); "
                        + "the TOTP step %.1f ms p50, %.1f ms of server CPU without JIT%n", flows, payments.flows().cpuMillisPerRequest(),
                payments.flows().cpuMillisPerRequest() - payments.jitMillisPerFlow(), totp == null ? Double.NaN : totp.percentileMillis(50), totpCpu);
    }

    /** The server's CPU per flow by kind of thread, over the rounds at concurrency {@code c}. */
    private static void printThreads(int c, List<FlowRoundResult> rounds) {
        int flows = rounds.stream().mapToInt(r -> r.flows().ok()).sum();
        double total = rounds.stream().mapToDouble(r -> r.flows().serverCpuSeconds()).sum() * 1000 / flows;
        Map<String, Double> kinds = new TreeMap<>();
        rounds.forEach(r -> r.threadCpuSeconds().forEach((kind, seconds) -> kinds.merge(kind, seconds * 1000 / flows, Double::sum)));
        System.out.printf("%nserver CPU per flow by thread (c=%d, %d flows, %.2f ms/flow in all):%n", c, flows, total);
        double shown = 0;
        for (var kind : kinds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            if (kind.getValue() >= 0.01 * total) {
                System.out.printf("  %-26s %7.2f ms  %5.1f %%%n", kind.getKey(), kind.getValue(), 100 * kind.getValue() / total);
                shown += kind.getValue();
            }
        }
        System.out.printf("  %-26s %7.2f ms  %5.1f %%%n", "other (and ended threads)", total - shown, 100 * (total - shown) / total);
    }

    private static LoadResult merged(List<FlowRoundResult> rounds, CodeFlow.Step step) {
        long[] latencies = rounds.stream().filter(r -> r.steps().containsKey(step))
                .flatMapToLong(r -> Arrays.stream(r.steps().get(step).latenciesMicros())).toArray();
        return new LoadResult(step.label, latencies.length, 0, 1, latencies, 0);
    }

    /** The median of {@code figure} over {@code values}; of an even number of values, the mean of the middle two. */
    static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
