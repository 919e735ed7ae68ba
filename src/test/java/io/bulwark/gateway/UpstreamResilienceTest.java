package io.bulwark.gateway;

import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries only where RFC 9110 allows them, the circuit breaker, and W3C trace context. */
class UpstreamResilienceTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final Deque<Object> script = new ArrayDeque<>();

    /** An upstream that answers from {@link #script}: an exception is thrown, an Integer is a status. */
    private final Upstream scripted = request -> {
        calls.incrementAndGet();
        Object next = script.isEmpty() ? 200 : script.poll();
        if (next instanceof Upstream.UpstreamException e) {
            throw e;
        }
        return new GatewayResponse((Integer) next, Map.of(), new byte[0], null, null);
    };

    private static Upstream.Request request(String method) {
        return new Upstream.Request(method, "/x", Map.of(), new byte[0]);
    }

    private static Upstream.UpstreamException unreachable() {
        return Upstream.UpstreamException.failed("connection refused", false, null);
    }

    @Test
    void idempotentRequestsAreRetriedOnceWhenTheUpstreamCouldNotBeReached() throws Exception {
        RetryingUpstream retrying = new RetryingUpstream(scripted, Duration.ofMillis(1));
        for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE")) {
            calls.set(0);
            script.add(unreachable());
            assertThat(retrying.send(request(method)).status()).isEqualTo(200);
            assertThat(calls).as(method).hasValue(2);
        }
    }

    @Test
    void postAndPatchAreNeverRetriedNorAreTimeouts() {
        RetryingUpstream retrying = new RetryingUpstream(scripted, Duration.ofMillis(1));
        for (String method : List.of("POST", "PATCH")) {
            calls.set(0);
            script.add(unreachable());
            assertThatThrownBy(() -> retrying.send(request(method))).isInstanceOf(Upstream.UpstreamException.class);
            assertThat(calls).as(method).hasValue(1);
        }
        calls.set(0);
        script.add(Upstream.UpstreamException.failed("timeout", true, null));
        assertThatThrownBy(() -> retrying.send(request("GET"))).isInstanceOf(Upstream.UpstreamException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theCircuitOpensAfterConsecutiveFailuresFailsFastThenClosesOnASuccessfulTrial() throws Exception {
        MutableClock clock = MutableClock.atNow();
        CircuitBreakingUpstream breaker = new CircuitBreakingUpstream(scripted, 3, Duration.ofSeconds(10), clock);
        script.add(unreachable());
        script.add(503);
        script.add(unreachable());
        assertThatThrownBy(() -> breaker.send(request("GET")));
        assertThat(breaker.send(request("GET")).status()).as("a 5xx answer is passed on, and counted").isEqualTo(503);
        assertThatThrownBy(() -> breaker.send(request("GET")));

        calls.set(0);
        assertThatThrownBy(() -> breaker.send(request("GET")))
                .isInstanceOfSatisfying(Upstream.UpstreamException.class, e -> assertThat(e.circuitOpen()).isTrue());
        assertThat(calls).as("an open circuit does not call the upstream").hasValue(0);

        clock.advance(Duration.ofSeconds(10));
        script.add(unreachable());
        assertThatThrownBy(() -> breaker.send(request("GET"))).isInstanceOfSatisfying(Upstream.UpstreamException.class,
                e -> assertThat(e.circuitOpen()).as("the trial call itself failed").isFalse());
        assertThatThrownBy(() -> breaker.send(request("GET")))
                .isInstanceOfSatisfying(Upstream.UpstreamException.class, e -> assertThat(e.circuitOpen()).isTrue());

        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.send(request("GET")).status()).isEqualTo(200);
        assertThat(breaker.send(request("GET")).status()).as("closed again").isEqualTo(200);
    }
}
