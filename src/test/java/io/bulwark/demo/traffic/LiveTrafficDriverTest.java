package io.bulwark.demo.traffic;

import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short live run against a real demo over HTTPS: partner clients registered, real tokens from real sign-ins, reads
 * answered 2xx, a payment with an injection string in its payee's name paid (201: nothing before the bank refuses it),
 * a replayed token seen from another loopback address, and the other attacks answered by the rules they meet.
 */
class LiveTrafficDriverTest {

    private static Path dataDir;
    private static Demo demo;

    @BeforeAll
    static void startDemo() throws Exception {
        dataDir = Files.createTempDirectory("bulwark-traffic");
        demo = Demo.start(dataDir, new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next()), Clock.systemUTC());
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aShortRunGetsRealTokensAndRealAnswers() throws Exception {
        Population population = LivePopulation.of(7, demo.bankData(), 4, 1);
        GeneratedTraffic planned = TrafficGenerator.generate(new TrafficScenario(7, population, TrafficScenario.DEFAULT_START, 2,
                EnumSet.allOf(AttackKind.class), 1, 1));
        GeneratedTraffic traffic = sample(planned);

        List<String> started = new CopyOnWriteArrayList<>();
        LiveRun run;
        try (LiveTrafficDriver driver = LiveTrafficDriver.prepare(demo, population)) {
            assertThat(Files.exists(dataDir.resolve("demo/clients/traffic-partner-01.json"))).isTrue();
            assertThat(demo.node().store().clients().find("traffic-partner-02")).isPresent();
            run = driver.run(traffic, 1, 20, (attack, at) -> started.add(attack.kind().label()), () -> false);
            assertThat(driver.failures()).isEmpty();
        }
        assertThat(run.requests()).hasSize(traffic.requests().size()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
        Map<String, SentRequest> byId = run.requests().stream().collect(Collectors.toMap(r -> r.request().id(), r -> r));

        List<SentRequest> reads = run.requests().stream().filter(r -> !r.request().isAttack()).toList();
        assertThat(reads).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).as(r.request().method() + " " + r.request().url()).isBetween(200, 299);
            assertThat(r.requestId()).isNotBlank();
            assertThat(r.request().source()).isEqualTo("127.0.0.1");
        });
        SentRequest injection = byId.get(first(traffic, AttackKind.CONTENT_INJECTION).getFirst());
        assertThat(injection.status()).as("a payment whose payee or reference carries an attack string").isEqualTo(201);
        for (String id : first(traffic, AttackKind.TOKEN_REPLAY)) {
            assertThat(byId.get(id).status()).isEqualTo(200);
            assertThat(byId.get(id).request().source()).startsWith("127.0.0.").isNotEqualTo("127.0.0.1");
        }
        for (String id : first(traffic, AttackKind.BOLA_ENUMERATION)) {
            assertThat(byId.get(id).status()).as("another's account").isIn(403, 404);
        }
        for (String id : first(traffic, AttackKind.CREDENTIAL_STUFFING)) {
            assertThat(byId.get(id).status()).as("a leaked password at the real sign-in page").isIn(400, 429);
        }
        for (String id : first(traffic, AttackKind.SLOW_PROBING)) {
            assertThat(byId.get(id).status()).as(byId.get(id).request().url()).isBetween(400, 499);
        }
        assertThat(started).containsExactlyInAnyOrderElementsOf(traffic.attacks().stream().map(a -> a.kind().label()).toList());
        assertThat(run.attacks()).hasSize(traffic.attacks().size()).allSatisfy(a -> {
            assertThat(a.start()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
            assertThat(a.requestIds()).isNotEmpty();
        });
    }

    /**
     * A few seconds of the plan: the first reads of each client, one normal payment, and the first requests of the attacks
     * that need no second factor beyond one payment, 150 ms apart.
     */
    private static GeneratedTraffic sample(GeneratedTraffic planned) {
        List<PlannedRequest> chosen = new ArrayList<>();
        Set<String> clientsSeen = new java.util.HashSet<>();
        for (PlannedRequest request : planned.requests()) {
            if (!request.isAttack() && request.operation() != BankOperation.INITIATE_PAYMENT && request.operation() != BankOperation.GET_PAYMENT
                    && (clientsSeen.add(request.clientId() + request.subject()) || chosen.size() < 12) && chosen.size() < 20) {
                chosen.add(request);
            }
        }
        Attack injection = planned.attacks().stream().filter(a -> a.kind() == AttackKind.CONTENT_INJECTION).findFirst().orElseThrow();
        Map<AttackKind, Integer> counts = Map.of(AttackKind.CONTENT_INJECTION, 1, AttackKind.TOKEN_REPLAY, 3, AttackKind.BOLA_ENUMERATION, 3,
                AttackKind.CREDENTIAL_STUFFING, 3, AttackKind.SLOW_PROBING, 3);
        List<Attack> attacks = new ArrayList<>();
        for (Attack attack : planned.attacks()) {
            Integer count = counts.get(attack.kind());
            if (count == null) {
                continue;
            }
            List<String> ids = attack.requestIds().subList(0, count);
            planned.requests().stream().filter(r -> ids.contains(r.id())).forEach(chosen::add);
            attacks.add(new Attack(attack.id(), attack.kind(), attack.clientId(), attack.subject(), attack.sources(), attack.targets(),
                    attack.start(), attack.end(), ids));
        }
        // A normal payment of the other user: one TOTP step each, so neither waits for the next.
        planned.requests().stream().filter(r -> !r.isAttack() && r.operation() == BankOperation.INITIATE_PAYMENT
                && !r.subject().equals(injection.subject())).findFirst().ifPresent(chosen::add);
        List<PlannedRequest> timed = new ArrayList<>();
        Instant at = planned.scenario().start();
        for (PlannedRequest request : chosen) {
            at = at.plusMillis(150);
            timed.add(new PlannedRequest(request.id(), at, request.clientId(), request.subject(), request.source(), request.operation(),
                    request.method(), request.url(), request.headers(), request.body(), request.status(), request.attackId()));
        }
        return new GeneratedTraffic(planned.scenario(), timed, attacks);
    }

    private static List<String> first(GeneratedTraffic traffic, AttackKind kind) {
        return traffic.attacks().stream().filter(a -> a.kind() == kind).findFirst().orElseThrow().requestIds();
    }
}
