package io.bulwark.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks a long-running command until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs its cleanup once. */
final class Shutdown {

    private Shutdown() {
    }

    static void awaitThenRun(Runnable cleanup) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cleanup.run();
            } finally {
                stopped.countDown();
            }
        }, "bulwark-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
