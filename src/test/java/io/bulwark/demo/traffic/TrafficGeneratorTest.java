package io.bulwark.demo.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.contract.RequestValidator;
import io.bulwark.gateway.openapi.ApiContract;
import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.gateway.openapi.OpenApiDocument;
import io.bulwark.gateway.openapi.RouteTable;
import io.bulwark.http.VisibleText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator on a small population: deterministic, normal traffic with its mix and daily cycle, every attack labelled. */
class TrafficGeneratorTest {

    private static final Path BANK_DOCUMENT = Path.of("src/main/resources/demo/bank-openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeneratedTraffic TRAFFIC = TrafficGenerator.generate(
            TrafficScenario.withAllAttacks(42, Population.synthetic(42, 10, 60), TrafficScenario.DEFAULT_START, 4));

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedOther() {
        GeneratedTraffic again = TrafficGenerator.generate(
                TrafficScenario.withAllAttacks(42, Population.synthetic(42, 10, 60), TrafficScenario.DEFAULT_START, 4));
        assertThat(lines(again)).isEqualTo(lines(TRAFFIC));
        assertThat(again.attacks()).isEqualTo(TRAFFIC.attacks());
        GeneratedTraffic other = TrafficGenerator.generate(
                TrafficScenario.withAllAttacks(43, Population.synthetic(43, 10, 60), TrafficScenario.DEFAULT_START, 4));
        assertThat(lines(other)).isNotEqualTo(lines(TRAFFIC));
    }

    @Test
    void requestsAreInTimeOrderNumberedAndInsideThePeriod() {
        List<PlannedRequest> requests = TRAFFIC.requests();
        assertThat(requests).hasSizeGreaterThan(5_000);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).time()).isAfterOrEqualTo(requests.get(i - 1).time());
        }
        assertThat(requests.getFirst().id()).isEqualTo("r-0000001");
        assertThat(requests.stream().map(PlannedRequest::id).distinct().count()).isEqualTo(requests.size());
        assertThat(requests.getFirst().time()).isAfterOrEqualTo(TrafficScenario.DEFAULT_START);
        assertThat(requests.getLast().time()).isBefore(TrafficScenario.DEFAULT_START.plus(Duration.ofDays(4)));
        // No file ever holds a credential: the token and proof headers are placeholders.
        assertThat(requests).filteredOn(PlannedRequest::toGateway)
                .allSatisfy(r -> assertThat(r.headers().get("Authorization")).isEqualTo(RequestShapes.TOKEN_PLACEHOLDER));
    }

    @Test
    void normalTrafficFollowsTheDailyCycle() {
        int[] byHour = new int[24];
        TRAFFIC.requests().stream().filter(r -> !r.isAttack() && r.subject() != null)
                .forEach(r -> byHour[r.time().atZone(ZoneOffset.UTC).getHour()]++);
        int night = byHour[2] + byHour[3] + byHour[4];
        int evening = byHour[18] + byHour[19] + byHour[20];
        assertThat(evening).as("evening against night, by hour: %s", java.util.Arrays.toString(byHour)).isGreaterThan(5 * night);
        int lunch = byHour[12];
        assertThat(lunch).isGreaterThan(byHour[15]);
    }

    @Test
    void theOperationMixIsReadsFirstWithSomePaymentsAndEachKindOfClientKeepsItsOwn() {
        Map<BankOperation, Long> mix = TRAFFIC.requests().stream().filter(r -> !r.isAttack())
                .collect(Collectors.groupingBy(PlannedRequest::operation, () -> new EnumMap<>(BankOperation.class), Collectors.counting()));
        long total = mix.values().stream().mapToLong(Long::longValue).sum();
        assertThat(mix.keySet()).containsExactlyInAnyOrder(BankOperation.values());
        assertThat(mix.get(BankOperation.GET_BALANCES) + mix.get(BankOperation.LIST_ACCOUNTS) + mix.get(BankOperation.LIST_TRANSACTIONS))
                .isGreaterThan(total * 8 / 10);
        double payments = mix.get(BankOperation.INITIATE_PAYMENT) / (double) total;
        assertThat(payments).isBetween(0.005, 0.08);
        Population population = TRAFFIC.scenario().population();
        for (ClientProfile client : population.clients()) {
            List<PlannedRequest> own = TRAFFIC.requests().stream().filter(r -> !r.isAttack() && client.clientId().equals(r.clientId())).toList();
            assertThat(own).as(client.clientId()).isNotEmpty();
            assertThat(own).allSatisfy(r -> assertThat(r.source()).isEqualTo(client.egressAddress()));
            if (client.kind() == ClientKind.CATALOGUE) {
                assertThat(own).allSatisfy(r -> {
                    assertThat(r.operation()).isEqualTo(BankOperation.LIST_PRODUCTS);
                    assertThat(r.subject()).isNull();
                });
            }
            if (client.kind() == ClientKind.BUDGETING) {
                assertThat(own).noneMatch(r -> r.operation() == BankOperation.INITIATE_PAYMENT);
            }
        }
        // Users pay their own payees in amounts that fit the kind of payee.
        for (PlannedRequest payment : TRAFFIC.requests().stream().filter(r -> !r.isAttack() && r.operation() == BankOperation.INITIATE_PAYMENT).toList()) {
            JsonNode body = json(payment.body());
            UserProfile user = population.users().stream().filter(u -> u.subject().equals(payment.subject())).findFirst().orElseThrow();
            Payee payee = user.payees().stream().filter(p -> p.iban().equals(body.at("/creditorAccount/iban").asText())).findFirst().orElseThrow();
            double amount = Double.parseDouble(body.at("/instructedAmount/amount").asText());
            assertThat(amount * 100).isBetween(payee.category().minCents - 1.0, payee.category().maxCents + 1.0);
            assertThat(body.at("/creditorName").asText()).isEqualTo(payee.name());
            assertThat(io.bulwark.demo.bank.Iban.isValid(payee.iban())).isTrue();
        }
    }

    @Test
    void everyAttackKindAppearsWithItsLabelActorAndRequestsAfterTheQuietDays() {
        assertThat(TRAFFIC.attacks().stream().map(Attack::kind)).containsExactlyInAnyOrder(AttackKind.values());
        Map<String, PlannedRequest> byId = TRAFFIC.requests().stream().collect(Collectors.toMap(PlannedRequest::id, r -> r));
        for (Attack attack : TRAFFIC.attacks()) {
            assertThat(attack.requestIds()).as(attack.id()).isNotEmpty();
            assertThat(attack.start()).as(attack.id()).isAfterOrEqualTo(TRAFFIC.scenario().attacksFrom());
            for (String id : attack.requestIds()) {
                PlannedRequest request = byId.get(id);
                assertThat(request.attackId()).isEqualTo(attack.id());
                assertThat(request.time()).isBetween(attack.start(), attack.end());
                assertThat(TrafficJsonLines.line(request, request.time(), request.status())).contains("\"label\":\"attack\"");
            }
            assertThat(attack.actor()).isNotBlank();
        }
        long labelled = TRAFFIC.requests().stream().filter(PlannedRequest::isAttack).count();
        assertThat(labelled).isEqualTo(TRAFFIC.attacks().stream().mapToLong(a -> a.requestIds().size()).sum());
        assertThat(TRAFFIC.requests().stream().filter(r -> !r.isAttack() && r.time().isBefore(TRAFFIC.scenario().attacksFrom()))).isNotEmpty();
        // The replayed token comes from a network its client never called from.
        Attack replay = only(AttackKind.TOKEN_REPLAY);
        String egress = TRAFFIC.scenario().population().client(replay.clientId()).orElseThrow().egressAddress();
        assertThat(replay.sources()).doesNotContain(egress);
        assertThat(TRAFFIC.requests()).filteredOn(r -> !r.isAttack()).noneMatch(r -> replay.sources().contains(r.source()));
    }

    @Test
    void everyBankRequestKeepsTheDemoContractAndTheInjectionStringsPassEveryRuleBeforeTheBank() {
        ApiContract contract = ApiContract.load(BANK_DOCUMENT);
        RouteTable routes = new RouteTable().add("bank", BankOperation.BASE_PATH, OpenApiDocument.operations(BANK_DOCUMENT));
        List<String> failures = new ArrayList<>();
        for (PlannedRequest request : TRAFFIC.requests()) {
            if (request.operation() == null) {
                continue;
            }
            Optional<String> violation = violation(contract, routes, request);
            violation.ifPresent(v -> failures.add(request.id() + " " + request.method() + " " + request.url() + ": " + v));
        }
        assertThat(failures).isEmpty();
        List<PlannedRequest> injections = attackRequests(AttackKind.CONTENT_INJECTION);
        assertThat(injections).isNotEmpty().allSatisfy(r -> {
            JsonNode body = json(r.body());
            String name = body.path("creditorName").asText();
            String reference = body.path("remittanceInformation").asText("");
            assertThat(InjectionStrings.CREDITOR_NAMES.contains(name) || InjectionStrings.REFERENCES.contains(reference)).isTrue();
            assertThat(VisibleText.problem(name)).isNull();
            assertThat(reference.isEmpty() ? null : VisibleText.problem(reference)).isNull();
        });
        // Every string on its own, in the field it is meant for, passes the contract too (not only those the seed drew).
        PlannedRequest template = injections.getFirst();
        for (String name : InjectionStrings.CREDITOR_NAMES) {
            assertThat(VisibleText.problem(name)).as(name).isNull();
            assertThat(violation(contract, routes, withBody(template, json(template.body()), "creditorName", name))).as(name).isEmpty();
        }
        for (String reference : InjectionStrings.REFERENCES) {
            assertThat(VisibleText.problem(reference)).as(reference).isNull();
            assertThat(violation(contract, routes, withBody(template, json(template.body()), "remittanceInformation", reference))).as(reference).isEmpty();
        }
        // The probes are what the contract refuses or does not declare: the gateway answers them before the bank.
        for (PlannedRequest probe : attackRequests(AttackKind.SLOW_PROBING)) {
            String path = probe.url().contains("?") ? probe.url().substring(0, probe.url().indexOf('?')) : probe.url();
            Optional<MatchedOperation> matched = routes.match(probe.method(), path);
            assertThat(matched.isEmpty() || violation(contract, routes, probe).isPresent()).as(probe.url()).isTrue();
        }
    }

    @Test
    void theJsonLinesHaveExactlyTheIssuesFieldsAndTheLabelsFileNamesEveryAttack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traffic.jsonl");
        TrafficJsonLines.write(TRAFFIC, file, TrafficJsonLines.labelsFileFor(file));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(TRAFFIC.requests().size());
        for (String line : List.of(lines.getFirst(), lines.get(lines.size() / 2), lines.getLast())) {
            JsonNode node = JSON.readTree(line);
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            assertThat(names).containsExactly("id", "time", "client_id", "sub", "source", "method", "url", "headers", "body", "status", "label");
            assertThat(node.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
            assertThat(node.get("status").isInt()).isTrue();
            assertThat(node.get("headers").isObject()).isTrue();
        }
        assertThat(lines.stream().map(l -> readLabel(l)).collect(Collectors.toSet())).containsExactlyInAnyOrder("normal", "attack");
        List<String> labels = Files.readAllLines(dir.resolve("traffic.attacks.jsonl"));
        assertThat(labels).hasSize(TRAFFIC.attacks().size());
        assertThat(labels.stream().map(l -> json(l).get("kind").asText()).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(AttackKind.class).stream().map(AttackKind::label).collect(Collectors.toSet()));
        // The detectors' own record of a line holds the same values.
        PlannedRequest attack = TRAFFIC.requests().stream().filter(PlannedRequest::isAttack).findFirst().orElseThrow();
        io.bulwark.anomaly.TrafficRecord record = attack.toTrafficRecord(attack.time(), attack.status());
        JsonNode line = JSON.readTree(TrafficJsonLines.line(attack, attack.time(), attack.status()));
        assertThat(record.id()).isEqualTo(line.get("id").asText());
        assertThat(record.url()).isEqualTo(line.get("url").asText());
        assertThat(record.clientId()).isEqualTo(line.get("client_id").asText());
        assertThat(record.status()).hasValue(line.get("status").asInt());
        assertThat(record.label()).contains(io.bulwark.anomaly.TrafficRecord.Label.ATTACK);
        assertThat(record.headers()).isEqualTo(attack.headers());
        JsonNode payment = JSON.readTree(lines.stream().filter(l -> l.contains("\"method\":\"POST\",\"url\":\"/bank/v1/payments\"")).findFirst().orElseThrow());
        assertThat(json(payment.get("body").asText()).has("creditorName")).isTrue();
    }

    @Test
    void badScenariosAreRefusedWithTheOptionToFix() {
        assertThatThrownBy(() -> Population.synthetic(1, 1, 10)).hasMessageContaining("--traffic-clients");
        assertThatThrownBy(() -> Population.synthetic(1, 10, 0)).hasMessageContaining("--traffic-users");
        Population population = Population.synthetic(1, 4, 5);
        assertThatThrownBy(() -> new TrafficScenario(1, population, TrafficScenario.DEFAULT_START, 0, Set.of(), 1, 0))
                .hasMessageContaining("--simulated-days");
        assertThatThrownBy(() -> new TrafficScenario(1, population, TrafficScenario.DEFAULT_START, 3, EnumSet.allOf(AttackKind.class), 1, 3))
                .hasMessageContaining("quiet days");
    }

    private static Optional<String> violation(ApiContract contract, RouteTable routes, PlannedRequest request) {
        int query = request.url().indexOf('?');
        String path = query < 0 ? request.url() : request.url().substring(0, query);
        Optional<MatchedOperation> matched = routes.match(request.method(), path);
        if (matched.isEmpty()) {
            return Optional.of("no declared route");
        }
        Map<String, List<String>> headers = request.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        GatewayRequest gatewayRequest = new GatewayRequest(request.method(), path, query < 0 ? null : request.url().substring(query + 1),
                headers, request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8), request.source(), null);
        return RequestValidator.check(gatewayRequest, matched.get(), contract.operation(matched.get().operation()))
                .map(v -> v.slug() + ": " + v.detail());
    }

    private static PlannedRequest withBody(PlannedRequest template, JsonNode body, String field, String value) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put(field, value);
        return new PlannedRequest(template.id(), template.time(), template.clientId(), template.subject(), template.source(),
                template.operation(), template.method(), template.url(), template.headers(), body.toString(), template.status(), template.attackId());
    }

    private static List<PlannedRequest> attackRequests(AttackKind kind) {
        Set<String> ids = Set.copyOf(only(kind).requestIds());
        return TRAFFIC.requests().stream().filter(r -> ids.contains(r.id())).toList();
    }

    private static Attack only(AttackKind kind) {
        return TRAFFIC.attacks().stream().filter(a -> a.kind() == kind).findFirst().orElseThrow();
    }

    private static List<String> lines(GeneratedTraffic traffic) {
        return traffic.requests().stream().map(r -> TrafficJsonLines.line(r, r.time(), r.status())).toList();
    }

    private static String readLabel(String line) {
        return json(line).get("label").asText();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
