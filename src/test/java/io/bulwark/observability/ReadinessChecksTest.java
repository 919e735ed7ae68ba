package io.bulwark.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.gateway.CircuitBreakingUpstream;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Upstream;
import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Running readiness checks: side by side, each under its deadline, a thrown exception a named failure, the worst status wins. */
class ReadinessChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCheckThatHangsFailsAtItsDeadlineWhileTheOthersAreReported() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ReadinessChecks checks = new ReadinessChecks(List.of(
                new ReadinessCheck("hangs", () -> {
                    never.await();
                    return CheckResult.pass("unreachable");
                }),
                new ReadinessCheck("fine", () -> CheckResult.pass("ok"))), Duration.ofMillis(300));

        long started = System.nanoTime();
        Readiness readiness = checks.run();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(millis).isBetween(250L, 2_000L);
        assertThat(readiness.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(readiness.failing()).containsExactly("hangs");
        assertThat(readiness.httpStatus()).isEqualTo(503);
        JsonNode json = JSON.readTree(readiness.toJson());
        assertThat(json.at("/checks/hangs/detail").asText()).isEqualTo("no answer within 300 ms");
        assertThat(json.at("/checks/fine/status").asText()).isEqualTo("pass");
    }

    @Test
    void anExceptionIsAFailureNamingItsKindWithTokensAndCardNumbersRedacted() throws Exception {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        Readiness readiness = new ReadinessChecks(List.of(new ReadinessCheck("store", () -> {
            throw new IllegalStateException("pool closed while reading 4111 1111 1111 1111 for " + jwt + "\nsecond line");
        })), ReadinessChecks.DEFAULT_TIMEOUT).run();

        String detail = JSON.readTree(readiness.toJson()).at("/checks/store/detail").asText();
        assertThat(detail).startsWith("IllegalStateException: pool closed").doesNotContain(jwt).doesNotContain("4111 1111 1111 1111")
                .doesNotContain("second line");
    }

    @Test
    void aWarningAnswers200AndNamesNoFailure() {
        Readiness readiness = new ReadinessChecks(List.of(new ReadinessCheck("a", () -> CheckResult.pass("ok")),
                new ReadinessCheck("b", () -> CheckResult.warn("degraded"))), ReadinessChecks.DEFAULT_TIMEOUT).run();
        assertThat(readiness.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(readiness.httpStatus()).isEqualTo(200);
        assertThat(readiness.failing()).isEmpty();
    }

    @Test
    void anOpenCircuitMakesTheUpstreamsCheckDegradedThenAClosedOnePassesAgain() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Upstream failing = request -> new GatewayResponse(503, Map.of(), new byte[0], null, null);
        CircuitBreakingUpstream circuit = new CircuitBreakingUpstream(failing, 2, Duration.ofSeconds(10), clock);
        ReadinessCheck check = UpstreamCircuitsCheck.of(() -> Map.of("bank", circuit.state()));
        assertThat(check.probe().call()).isEqualTo(CheckResult.pass("bank: circuit closed"));

        circuit.send(null);
        circuit.send(null);
        assertThat(check.probe().call()).isEqualTo(CheckResult.warn("bank: circuit open"));

        clock.advance(Duration.ofSeconds(11));
        assertThat(check.probe().call()).isEqualTo(CheckResult.warn("bank: circuit half-open"));
    }
}
