package io.bulwark.observability;

import io.bulwark.audit.AuditRedaction;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a node's readiness checks side by side, each on a virtual thread of its own with a deadline: a check that hangs
 * (a database that stops answering, a half-open socket) is reported {@code fail} when its time is up, so the answer
 * comes within about one deadline whatever the checks do.
 */
public final class ReadinessChecks {

    /** Each check's deadline unless told otherwise: well under the usual 5 s timeout of an orchestrator's probe. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final int DETAIL_LENGTH = 300;

    private final List<ReadinessCheck> checks;
    private final Duration timeout;

    public ReadinessChecks(List<ReadinessCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout per check must be positive, not " + timeout);
        }
    }

    /** The checks' names, in order. */
    public List<String> names() {
        return checks.stream().map(ReadinessCheck::name).toList();
    }

    /** Runs every check and waits for each until the deadline; blocks, so call it from a virtual or worker thread. */
    public Readiness run() {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long started = System.nanoTime();
            Map<String, Future<Readiness.Timed>> running = new LinkedHashMap<>();
            checks.forEach(check -> running.put(check.name(), threads.submit(() -> timed(check))));
            long deadline = started + timeout.toNanos();
            Map<String, Readiness.Timed> results = new LinkedHashMap<>();
            running.forEach((name, future) -> results.put(name, await(future, deadline)));
            return new Readiness(results);
        } finally {
            // A hung check is interrupted and left behind: its virtual thread costs next to nothing.
            threads.shutdownNow();
        }
    }

    private static Readiness.Timed timed(ReadinessCheck check) {
        long started = System.nanoTime();
        CheckResult result;
        try {
            result = check.probe().call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = CheckResult.fail("interrupted");
        } catch (Exception e) {
            result = CheckResult.fail(describe(e));
        }
        return new Readiness.Timed(result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Readiness.Timed await(Future<Readiness.Timed> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Readiness.Timed(CheckResult.fail("no answer within " + timeout.toMillis() + " ms"), timeout.toMillis());
        } catch (ExecutionException e) {
            return new Readiness.Timed(CheckResult.fail(describe(e.getCause())), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness.Timed(CheckResult.fail("interrupted"), 0);
        }
    }

    // The exception's kind and first line, through the one redaction rule: a driver's message may quote what it was sent.
    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return AuditRedaction.clean(e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), DETAIL_LENGTH);
    }
}
