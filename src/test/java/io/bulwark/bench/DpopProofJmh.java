package io.bulwark.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

/** Runs {@link DpopProofVerificationBenchmark} with JMH in a forked JVM and returns its score. */
final class DpopProofJmh {

    private DpopProofJmh() {
    }

    /**
     * Mean microseconds per verification (JMH: 1 fork, 3 warm-up and 5 measured iterations of 1 s, one thread), through the
     * signature providers {@code crypto} names ({@code auto} or {@code java}, as {@link io.bulwark.jose.CryptoProviders#PROPERTY}).
     */
    static double microsPerVerification(String crypto) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(DpopProofVerificationBenchmark.class.getName() + ".verifyResourceProof")
                .param("crypto", crypto)
                .forks(1).threads(1)
                .warmupIterations(Integer.getInteger("bench.jmh.warmup", 3)).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.jmh.iterations", 5)).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dbench.dpopProofs=" + DpopProofVerificationBenchmark.PROOFS)
                .build()).run();
        return results.iterator().next().getPrimaryResult().getScore();
    }
}
