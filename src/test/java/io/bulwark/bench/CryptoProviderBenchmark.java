package io.bulwark.bench;

import io.bulwark.jose.CryptoProviders;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Native signatures (ACCP) against the pure-Java fallback, measured in one run (issue 10, first lever): the DPoP proof
 * verification the gateway does per request, each algorithm's verification alone and a low-S ES256 signature, each
 * under {@code crypto=java} (the baseline) and {@code crypto=auto} (native here), printed with the ratio.
 * Options: -Dbench.jmh.warmup=N -Dbench.jmh.iterations=N -Dbench.jmh.forks=N (iterations of 1 s).
 */
public final class CryptoProviderBenchmark {

    private CryptoProviderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("this machine: " + CryptoProviders.active().describe());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(DpopProofVerificationBenchmark.class.getName() + ".verifyResourceProof")
                .include(SignatureBenchmark.class.getName() + ".")
                .param("crypto", "java", "auto")
                .forks(Integer.getInteger("bench.jmh.forks", 1)).threads(1)
                .warmupIterations(Integer.getInteger("bench.jmh.warmup", 3)).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.jmh.iterations", 5)).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dbench.dpopProofs=" + DpopProofVerificationBenchmark.PROOFS, "--enable-native-access=ALL-UNNAMED")
                .build()).run();
        Map<String, Map<String, double[]>> scores = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark().replaceFirst(".*\\.bench\\.", "");
            scores.computeIfAbsent(benchmark, b -> new TreeMap<>()).put(result.getParams().getParam("crypto"),
                    new double[]{result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("| operation | pure Java µs (± 99.9 %) | native µs (± 99.9 %) | native / pure Java | speed-up |");
        System.out.println("|---|---:|---:|---:|---:|");
        scores.forEach((benchmark, byCrypto) -> {
            double[] java = byCrypto.get("java");
            double[] accp = byCrypto.get("auto");
            System.out.println(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | %.1f ± %.1f | %.2f | %.1f× |",
                    benchmark, java[0], java[1], accp[0], accp[1], accp[0] / java[0], java[0] / accp[0]));
        });
    }
}
