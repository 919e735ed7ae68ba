package io.bulwark.anomaly.content;

import io.bulwark.anomaly.AnomalyAlert;
import io.bulwark.anomaly.TrafficRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each feature against the request it exists for: with it the request is flagged and the reason names it; without it, not. */
class ContentDetectorTest {

    private static final String[] NAMES = {"Anna Müller", "Luis García", "Wei Chen", "Olga Ivanova", "Pierre Dubois", "Aiko Nakamura"};
    private static final String[] WORDS = {"rent", "invoice", "groceries", "gift", "refund", "books"};

    @TempDir
    Path dir;

    private static List<TrafficRecord> normal(int n, long seed) {
        Random random = new Random(seed);
        List<TrafficRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(switch (i % 3) {
                case 0 -> payment(NAMES[random.nextInt(NAMES.length)], random.nextBoolean() ? "EUR" : "GBP",
                        (1 + random.nextInt(900)) + "." + (10 + random.nextInt(90)), WORDS[random.nextInt(WORDS.length)] + " " + (1 + random.nextInt(28)));
                case 1 -> get("/shop/search?q=" + WORDS[random.nextInt(WORDS.length)] + "&page=" + (1 + random.nextInt(9)));
                default -> get("/bank/v1/accounts/" + (10_000 + random.nextInt(90_000)) + "/balances");
            });
        }
        return out;
    }

    private static TrafficRecord payment(String name, String currency, String amount, String reference) {
        String body = String.format(Locale.ROOT, "{\"creditorName\":\"%s\",\"currency\":\"%s\",\"amount\":\"%s\",\"reference\":\"%s\"}",
                name, currency, amount, reference);
        return record("POST", "/bank/v1/payments", body);
    }

    private static TrafficRecord get(String url) {
        return record("GET", url, null);
    }

    private static TrafficRecord record(String method, String url, String body) {
        return new TrafficRecord("x", Optional.empty(), null, null, null, method, url,
                body == null ? Map.of("User-Agent", "app/1.0") : Map.of("User-Agent", "app/1.0", "Content-Type", "application/json"),
                body, OptionalInt.empty(), Optional.empty());
    }

    private static ContentDetector trained(EnumSet<Feature> features) throws InterruptedException {
        ContentTrainer trainer = ContentTrainer.withFeatures(features);
        normal(3000, 1).forEach(trainer::accept);
        return new ContentDetector(trainer.finish(0.01, 2));
    }

    private static final ContentDetector ALL;

    static {
        try {
            ALL = trained(EnumSet.allOf(Feature.class));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flaggedOnlyWith(Feature feature, TrafficRecord attack, String reason) throws InterruptedException {
        ContentScore with = ALL.score(attack);
        assertThat(with.anomalous()).as("flagged with %s: %s", feature, with).isTrue();
        assertThat(with.reasons()).as("reasons").anyMatch(r -> r.contains(reason));
        EnumSet<Feature> without = EnumSet.allOf(Feature.class);
        without.remove(feature);
        ContentScore withoutIt = trained(without).score(attack);
        assertThat(withoutIt.reasons()).as("without %s", feature).noneMatch(r -> r.contains(reason));
        assertThat(withoutIt.raw()).as("without %s the score drops", feature).isLessThan(with.raw());
    }

    @Test
    void normalTrafficStaysUnderTheThreshold() {
        List<TrafficRecord> unseen = normal(1000, 99);
        long flagged = unseen.stream().filter(r -> ALL.score(r).anomalous()).count();
        assertThat(flagged).as("false positives among 1,000 unseen normal requests (target 1 %%)").isLessThanOrEqualTo(30);
    }

    @Test
    void neverSeenCharacters() throws InterruptedException {
        flaggedOnlyWith(Feature.CHARACTERS, payment("Robert'); DROP TABLE--", "EUR", "12.50", "rent 3"),
                "body.creditorName: characters never seen in this field (''', ')', ';', '-')");
    }

    @Test
    void length() throws InterruptedException {
        flaggedOnlyWith(Feature.LENGTH, payment("Anna Müller", "EUR", "12.50", "rent " + "1".repeat(400)), "length 405 where at most");
    }

    @Test
    void structure() throws InterruptedException {
        flaggedOnlyWith(Feature.STRUCTURE, payment("Anna Müller", "EUR", "12.50", "12 rent"), "body.reference: a structure never seen");
    }

    @Test
    void enumeration() throws InterruptedException {
        flaggedOnlyWith(Feature.ENUMERATION, payment("Anna Müller", "USD", "12.50", "rent 3"), "body.currency: a value outside the 2 values seen");
    }

    @Test
    void aNewDateOrNumberIsNoValueOutsideAnEnumeration() throws InterruptedException {
        // A week of statements asked from a handful of dates: the next week's dates are new values, not anomalies.
        ContentTrainer trainer = ContentTrainer.withFeatures(EnumSet.allOf(Feature.class));
        Random random = new Random(3);
        for (int i = 0; i < 3000; i++) {
            trainer.accept(get("/bank/v1/accounts/1234/transactions?fromBookingDate=2026-01-0" + (1 + random.nextInt(7)) + "&status=booked"));
        }
        ContentDetector detector = new ContentDetector(trainer.finish(0.01, 2));
        ContentScore later = detector.score(get("/bank/v1/accounts/1234/transactions?fromBookingDate=2026-01-09&status=booked"));
        assertThat(later.anomalous()).as("%s", later).isFalse();
        assertThat(later.reasons()).noneMatch(r -> r.contains("values seen"));
        // A category stays one: a status never seen is outside its values.
        ContentScore otherStatus = detector.score(get("/bank/v1/accounts/1234/transactions?fromBookingDate=2026-01-03&status=pending"));
        assertThat(otherStatus.reasons()).anyMatch(r -> r.startsWith("query.status: a value outside the 1 values seen"));
        assertThat(FieldProfile.ordinal("2026-01-09")).isTrue();
        assertThat(FieldProfile.ordinal("2026-01-09T10:00:00Z")).isTrue();
        assertThat(FieldProfile.ordinal("12.50")).isTrue();
        assertThat(FieldProfile.ordinal("booked")).isFalse();
        assertThat(FieldProfile.ordinal("-- ")).isFalse();
        assertThat(FieldProfile.ordinal("1 OR 1=1")).isFalse();
    }

    @Test
    void encoding() throws InterruptedException {
        flaggedOnlyWith(Feature.ENCODING, get("/shop/search?q=rent%2520gift&page=2"), "query.q: encoded 1 times over");
    }

    @Test
    void characterDistribution() throws InterruptedException {
        flaggedOnlyWith(Feature.DISTRIBUTION, payment("Anna Müller", "EUR", "12.50", "eeeeeeeeeeeeeeeeeeeeeeeeeee 1"), "character distribution unlike");
    }

    @Test
    void presenceOfUnseenAndMissingParameters() throws InterruptedException {
        flaggedOnlyWith(Feature.PRESENCE, get("/shop/search?q=rent&page=2&admin=true"), "parameters never seen in this operation (query.admin)");
        flaggedOnlyWith(Feature.PRESENCE, get("/shop/search?page=2"), "1 parameter always sent is missing (query.q)");
    }

    @Test
    void order() throws InterruptedException {
        flaggedOnlyWith(Feature.ORDER, get("/shop/search?page=2&q=rent"), "parameters in an order never seen");
    }

    @Test
    void anUnseenOperationIsScoredByItsPathAndTheGlobalModels() throws InterruptedException {
        flaggedOnlyWith(Feature.OPERATION, get("/bank/v1/admin/export"), "an operation never seen");
        ContentScore traversal = ALL.score(get("/bank/v1/..%2F..%2Fetc%2Fpasswd"));
        assertThat(traversal.anomalous()).isTrue();
        assertThat(traversal.reasons()).anyMatch(r -> r.startsWith("path: characters never seen"));
        ContentScore injected = ALL.score(record("PUT", "/bank/v1/other?q=1%27%20OR%201=1", null));
        assertThat(injected.reasons()).as("an unseen operation's parameter falls back to the name's model").anyMatch(r -> r.startsWith("query.q: characters never seen"));
    }

    @Test
    void reasonsQuoteCharactersNeverValues() {
        ContentScore score = ALL.score(payment("Anna Müller", "EUR", "12.50", "card 4111111111111111 tok=eyJhbGciOiJIUzI1NiJ9.e30.x;"));
        assertThat(String.join(" ", score.reasons())).doesNotContain("4111111111111111").doesNotContain("eyJhbGci");
    }

    @Test
    void keepsLearning() {
        ContentDetector detector = new ContentDetector(trainedModelCopy());
        TrafficRecord usd = payment("Anna Müller", "USD", "12.50", "rent 3");
        assertThat(detector.score(usd).reasons()).anyMatch(r -> r.contains("body.currency"));
        for (int i = 0; i < 2000; i++) {
            detector.learn(usd);
        }
        assertThat(detector.score(usd).reasons()).noneMatch(r -> r.contains("body.currency"));
    }

    @Test
    void alertsCarryTheOperationAndReasons() {
        AnomalyAlert alert = ALL.alert(get("/shop/search?q=%3Cscript%3Ealert(1)%3C/script%3E&page=1")).orElseThrow();
        assertThat(alert.detector()).isEqualTo(AnomalyAlert.Detector.CONTENT);
        assertThat(alert.subject().id()).isEqualTo("GET /shop/search");
        assertThat(alert.reasons()).isNotEmpty();
        assertThat(ALL.alert(get("/shop/search?q=rent&page=1"))).isEmpty();
    }

    @Test
    void theModelFileRoundTrips() throws Exception {
        ContentModel model = trainedModelCopy();
        model.save(dir);
        ContentModel loaded = ContentModel.load(dir);
        assertThat(loaded.threshold()).isEqualTo(model.threshold());
        assertThat(loaded.requests()).isEqualTo(model.requests());
        ContentDetector before = new ContentDetector(model);
        ContentDetector after = new ContentDetector(loaded);
        List<TrafficRecord> probes = new ArrayList<>(normal(50, 7));
        probes.add(payment("x'; --", "USD", "1e9", "<b>"));
        probes.add(get("/shop/search?page=2&q=rent&debug=1"));
        for (TrafficRecord probe : probes) {
            assertThat(after.score(probe)).isEqualTo(before.score(probe));
        }
        String file = Files.readString(dir.resolve(ContentModel.FILE_NAME));
        assertThat(file).contains("\"format\" : \"bulwark-content-model\"").doesNotContain("Anna Müller").doesNotContain("\"GBP\"");
    }

    @Test
    void aModelOfAnotherVersionOrFormatIsRefusedWithTheFix() throws Exception {
        Files.writeString(dir.resolve(ContentModel.FILE_NAME), "{\"format\": \"bulwark-content-model\", \"version\": 99}");
        assertThatThrownBy(() -> ContentModel.load(dir)).hasMessageContaining("version 99").hasMessageContaining("bulwark anomaly learn");
        Files.writeString(dir.resolve(ContentModel.FILE_NAME), "[1, 2");
        assertThatThrownBy(() -> ContentModel.load(dir)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a content model");
        assertThatThrownBy(() -> ContentModel.load(dir.resolve("none"))).hasMessageContaining("no content model");
    }

    @Test
    void operationsAreCapped() {
        ContentModel model = new ContentModel();
        ContentDetector detector = new ContentDetector(model);
        for (int i = 0; i < ContentModel.MAX_OPERATIONS + 500; i++) {
            detector.learn(get("/op" + Integer.toString(i, 26).replace('0', 'q').replaceAll("[0-9]", "z") + "x/item"));
        }
        assertThat(model.operationCount()).isLessThanOrEqualTo(ContentModel.MAX_OPERATIONS);
    }

    private static ContentModel trainedModelCopy() {
        try {
            ContentTrainer trainer = new ContentTrainer();
            normal(3000, 1).forEach(trainer::accept);
            return trainer.finish(0.01, 1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
