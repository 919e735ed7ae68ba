package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** `bulwark anomaly learn|score` end to end on small labelled files: exit codes, output order, metrics, bad input. */
class AnomalyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    private static AuditTamperContractTest.Run run(String... args) {
        return AuditTamperContractTest.run(args);
    }

    private static String line(String id, String method, String url, String body, String label) {
        var node = JSON.createObjectNode();
        node.put("id", id);
        node.put("method", method);
        node.put("url", url);
        node.putObject("headers").put("Content-Type", "application/x-www-form-urlencoded");
        if (body != null) {
            node.put("body", body);
        }
        node.put("label", label);
        return node.toString();
    }

    private static List<String> traffic(int normal, int attacks, long seed, String prefix) {
        Random random = new Random(seed);
        String[] names = {"Vino+Rioja", "Queso+Manchego", "Jam%F3n+Ib%E9rico"};
        String[] payloads = {"%27+OR+%271%27%3D%271", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc%2Fpasswd", "%3B+cat+%2Fetc%2Fpasswd"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < normal + attacks; i++) {
            String id = String.format(Locale.ROOT, "%s-%06d", prefix, i + 1);
            boolean attack = i >= normal;
            String name = attack ? payloads[random.nextInt(payloads.length)] : names[random.nextInt(names.length)];
            if (i % 2 == 0) {
                lines.add(line(id, "POST", "/shop/cart", "id=" + (1 + random.nextInt(5)) + "&nombre=" + name + "&cantidad=" + (1 + random.nextInt(99)),
                        attack ? "attack" : "normal"));
            } else {
                lines.add(line(id, "GET", "/shop/items/" + (100 + random.nextInt(900)) + "?q=" + name, null, attack ? "attack" : "normal"));
            }
        }
        return lines;
    }

    @Test
    void learnsFromNormalOnlyThenScoresEveryRequestInOrderWithMetrics() throws Exception {
        Path train = dir.resolve("train.jsonl");
        List<String> trainLines = new ArrayList<>(traffic(1500, 0, 1, "t"));
        trainLines.addAll(traffic(0, 20, 2, "ta"));
        Files.write(train, trainLines);
        Path model = dir.resolve("model");
        AuditTamperContractTest.Run learn = run("anomaly", "learn", "--traffic", train.toString(), "--model", model.toString(), "--threads", "2");
        assertThat(learn.exit()).as(learn.err()).isZero();
        assertThat(learn.out()).contains("trained on the 1,500 normal requests only; 20 attack requests left out").contains("model written to");
        assertThat(model.resolve("content-model.json")).exists();

        Path test = dir.resolve("test.jsonl");
        List<String> testLines = new ArrayList<>(traffic(300, 60, 3, "s"));
        java.util.Collections.shuffle(testLines, new Random(4));
        Files.write(test, testLines);
        Path scores = dir.resolve("scores.jsonl");
        AuditTamperContractTest.Run score = run("anomaly", "score", "--traffic", test.toString(), "--model", model.toString(), "--out", scores.toString(), "--threads", "2");
        assertThat(score.exit()).as(score.err()).isZero();
        assertThat(score.out()).contains("ROC AUC: ").contains("at FPR <= 0.1 %").contains("at FPR <= 1.0 %").contains("at FPR <= 5.0 %");
        List<String> out = Files.readAllLines(scores);
        assertThat(out).hasSize(testLines.size());
        int flaggedAttacks = 0;
        for (int i = 0; i < out.size(); i++) {
            JsonNode in = JSON.readTree(testLines.get(i));
            JsonNode scored = JSON.readTree(out.get(i));
            assertThat(scored.get("id").asText()).isEqualTo(in.get("id").asText());
            assertThat(scored.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(scored.get("reasons").isArray()).isTrue();
            if (in.get("label").asText().equals("attack") && scored.get("anomalous").asBoolean()) {
                flaggedAttacks++;
                assertThat(scored.get("reasons").size()).isPositive();
            }
        }
        assertThat(flaggedAttacks).as("attacks flagged").isGreaterThanOrEqualTo(54);
        double auc = Double.parseDouble(score.out().lines().filter(l -> l.startsWith("ROC AUC: ")).findFirst().orElseThrow().substring(9));
        assertThat(auc).isGreaterThan(0.95);
    }

    @Test
    void aBadLineStopsWithExitTwoNamingItAndWritesNothingUnlessSkipped() throws Exception {
        Path train = dir.resolve("train.jsonl");
        Files.write(train, traffic(200, 0, 1, "t"));
        Path model = dir.resolve("model");
        assertThat(run("anomaly", "learn", "--traffic", train.toString(), "--model", model.toString()).exit()).isZero();

        Path test = dir.resolve("test.jsonl");
        List<String> lines = new ArrayList<>(traffic(5, 0, 3, "s"));
        lines.add(2, "{\"method\": \"GET\", \"url\": ");
        Files.write(test, lines);
        Path scores = dir.resolve("scores.jsonl");
        AuditTamperContractTest.Run stopped = run("anomaly", "score", "--traffic", test.toString(), "--model", model.toString(), "--out", scores.toString());
        assertThat(stopped.exit()).isEqualTo(2);
        assertThat(stopped.err()).contains("test.jsonl:3: not a JSON object").contains("--skip-bad").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(scores).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        AuditTamperContractTest.Run skipped = run("anomaly", "score", "--traffic", test.toString(), "--model", model.toString(), "--out", scores.toString(), "--skip-bad");
        assertThat(skipped.exit()).isEqualTo(1);
        assertThat(skipped.err()).contains("skipped ").contains("test.jsonl:3");
        assertThat(Files.readAllLines(scores)).hasSize(5);
    }

    @Test
    void couldNotRunIsExitTwoWithTheFix() throws Exception {
        Path scores = dir.resolve("s.jsonl");
        Path test = dir.resolve("t.jsonl");
        Files.write(test, traffic(3, 0, 1, "x"));
        AuditTamperContractTest.Run noModel = run("anomaly", "score", "--traffic", test.toString(), "--model", dir.resolve("none").toString(), "--out", scores.toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("no content model").contains("bulwark anomaly learn");
        AuditTamperContractTest.Run noFile = run("anomaly", "learn", "--traffic", dir.resolve("missing.jsonl").toString(), "--model", dir.resolve("m").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("missing.jsonl");
        assertThat(dir.resolve("m")).doesNotExist();
        Path attacksOnly = dir.resolve("a.jsonl");
        Files.write(attacksOnly, traffic(0, 5, 1, "a"));
        AuditTamperContractTest.Run nothingNormal = run("anomaly", "learn", "--traffic", attacksOnly.toString(), "--model", dir.resolve("m").toString());
        assertThat(nothingNormal.exit()).isEqualTo(2);
        assertThat(nothingNormal.err()).contains("no normal requests");
        assertThat(run("anomaly", "learn", "--traffic", test.toString(), "--model", dir.resolve("m").toString(), "--threads", "0").exit()).isEqualTo(2);
    }

    @Test
    void harTrafficAndAnUnseenOperationAreScored() throws Exception {
        Path train = dir.resolve("train.jsonl");
        Files.write(train, traffic(400, 0, 1, "t"));
        Path model = dir.resolve("model");
        assertThat(run("anomaly", "learn", "--traffic", train.toString(), "--model", model.toString()).exit()).isZero();
        Path har = dir.resolve("capture.har");
        Files.writeString(har, """
                {"log": {"version": "1.2", "entries": [
                  {"request": {"method": "GET", "url": "https://shop.example/shop/items/123?q=Vino+Rioja", "headers": []}},
                  {"request": {"method": "GET", "url": "https://shop.example/shop/admin/dump?file=..%2F..%2Fetc%2Fpasswd", "headers": []}}
                ]}}
                """);
        Path scores = dir.resolve("har-scores.jsonl");
        AuditTamperContractTest.Run score = run("anomaly", "score", "--traffic", har.toString(), "--model", model.toString(), "--out", scores.toString(), "--progress");
        assertThat(score.exit()).as(score.err()).isZero();
        List<String> out = Files.readAllLines(scores);
        assertThat(out).hasSize(2);
        JsonNode normal = JSON.readTree(out.get(0));
        JsonNode unseen = JSON.readTree(out.get(1));
        assertThat(normal.get("anomalous").asBoolean()).isFalse();
        assertThat(unseen.get("anomalous").asBoolean()).isTrue();
        assertThat(unseen.get("reasons").toString()).contains("operation never seen");
        assertThat(score.err()).as("progress bar").contains("scoring [");
    }
}
