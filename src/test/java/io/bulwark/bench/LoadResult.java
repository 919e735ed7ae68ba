package io.bulwark.bench;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * One measured round: how many requests succeeded, in how long, their latencies, and the server's CPU
 * (of which {@code jitCpuSeconds} went to the JIT compiler's threads, where known).
 */
record LoadResult(String name, int ok, int failed, double seconds, long[] latenciesMicros, double serverCpuSeconds, double jitCpuSeconds) {

    LoadResult(String name, int ok, int failed, double seconds, long[] latenciesMicros, double serverCpuSeconds) {
        this(name, ok, failed, seconds, latenciesMicros, serverCpuSeconds, 0);
    }

    /** The median of {@code values} (the upper one of an even count), NaN if there are none. */
    static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    double throughput() {
        return ok / seconds;
    }

    double percentileMillis(double percentile) {
        long[] sorted = latenciesMicros.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    double cpuMillisPerRequest() {
        return ok == 0 ? Double.NaN : serverCpuSeconds * 1000.0 / ok;
    }

    double jitMillisPerRequest() {
        return ok == 0 ? Double.NaN : jitCpuSeconds * 1000.0 / ok;
    }

    String line() {
        return String.format("%-44s %7.0f req/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  server CPU %6.3f ms/req  (%d ok, %d failed)",
                name, throughput(), percentileMillis(50), percentileMillis(99), percentileMillis(99.9), cpuMillisPerRequest(), ok, failed);
    }
}
