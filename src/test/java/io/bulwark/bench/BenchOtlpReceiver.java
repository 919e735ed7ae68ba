package io.bulwark.bench;

import io.bulwark.testing.OtlpReceiver;

/**
 * An OTLP/HTTP trace receiver in a process of its own, for the gateway benchmark's observability round
 * ({@code -Dbench.observability=true}): it parses and counts every export, so the gateway's exporter does its whole work
 * while the receiver's CPU is never counted as the gateway's.
 */
public final class BenchOtlpReceiver {

    private BenchOtlpReceiver() {
    }

    public static void main(String[] args) throws InterruptedException {
        OtlpReceiver receiver = OtlpReceiver.start(false);
        System.out.println("bench otlp receiver ready: " + receiver.endpoint());
        while (true) {
            Thread.sleep(10_000);
            System.out.println("spans received: " + receiver.received());
        }
    }
}
