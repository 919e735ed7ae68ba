package io.bulwark.anomaly.traffic;

import io.bulwark.anomaly.TrafficRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficReadersTest {

    @TempDir
    Path dir;

    @Test
    void jsonLinesGiveEveryFieldAndIgnoreUnknownOnes() throws IOException {
        Path file = write("t.jsonl", """
                {"id": "r-000001", "time": "2026-12-01T10:00:00Z", "client_id": "partner-a", "sub": "alice", "source": "203.0.113.7", "method": "post", "url": "/bank/v1/payments?x=1", "headers": {"Content-Type": "application/json"}, "body": "{\\"a\\":1}", "status": 201, "label": "normal", "extra": [1, 2]}

                {"method": "GET", "url": "https://api.example.com:8443/v1/items/7?q=a#frag", "label": "attack"}
                """);
        List<TrafficRecord> records = readAll(file);
        assertThat(records).hasSize(2);
        TrafficRecord first = records.get(0);
        assertThat(first.id()).isEqualTo("r-000001");
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.url()).isEqualTo("/bank/v1/payments?x=1");
        assertThat(first.headers()).containsEntry("Content-Type", "application/json");
        assertThat(first.body()).isEqualTo("{\"a\":1}");
        assertThat(first.status()).hasValue(201);
        assertThat(first.clientId()).isEqualTo("partner-a");
        assertThat(first.label()).contains(TrafficRecord.Label.NORMAL);
        assertThat(first.time()).isPresent();
        TrafficRecord second = records.get(1);
        assertThat(second.url()).as("scheme, host and fragment stripped").isEqualTo("/v1/items/7?q=a");
        assertThat(second.label()).contains(TrafficRecord.Label.ATTACK);
    }

    @Test
    void aBadLineIsNamedByFileAndLineAndTheReaderGoesOn() throws IOException {
        Path file = write("bad.jsonl", """
                {"method": "GET", "url": "/a"}
                {"method": "GET", "url": "/b"
                {"url": "/c"}
                {"method": "GET", "url": "no-slash"}
                {"method": "GET", "url": "/d", "label": "maybe"}
                {"method": "GET", "url": "/e"}
                """);
        try (TrafficReader reader = TrafficFiles.open(file)) {
            assertThat(reader.next().url()).isEqualTo("/a");
            assertThatThrownBy(reader::next).isInstanceOf(BadTrafficRecord.class).hasMessageContaining("bad.jsonl:2: not a JSON object")
                    .satisfies(e -> assertThat(((BadTrafficRecord) e).fatal()).isFalse());
            assertThatThrownBy(reader::next).hasMessageContaining(":3: \"method\" is missing");
            assertThatThrownBy(reader::next).hasMessageContaining(":4: url must be a path");
            assertThatThrownBy(reader::next).hasMessageContaining(":5: label \"maybe\" is neither");
            assertThat(reader.next().url()).isEqualTo("/e");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void harEntriesAreStreamedWithHeadersBodyAndLabels() throws IOException {
        Path file = write("t.har", """
                {"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "pages": [{"id": "p"}],
                  "entries": [
                    {"startedDateTime": "2026-12-01T10:00:00.000+01:00", "_id": "h-1", "_label": "attack",
                     "request": {"method": "POST", "url": "https://bank.example/bank/v1/payments?dry=1",
                       "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": ":authority", "value": "x"}],
                       "queryString": [{"name": "dry", "value": "1"}], "postData": {"mimeType": "application/json", "text": "{\\"b\\":2}"}},
                     "response": {"status": 201}},
                    {"request": {"method": "GET", "url": "/v1/items", "headers": []}, "response": {"status": 0}}
                  ]}}
                """);
        List<TrafficRecord> records = readAll(file);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).id()).isEqualTo("h-1");
        assertThat(records.get(0).url()).isEqualTo("/bank/v1/payments?dry=1");
        assertThat(records.get(0).headers()).containsOnlyKeys("Content-Type");
        assertThat(records.get(0).body()).isEqualTo("{\"b\":2}");
        assertThat(records.get(0).status()).hasValue(201);
        assertThat(records.get(0).label()).contains(TrafficRecord.Label.ATTACK);
        assertThat(records.get(1).status()).isEmpty();
    }

    @Test
    void harWithABadEntryGoesOnAndBrokenStructureStops() throws IOException {
        Path file = write("x.har", """
                {"log": {"entries": [
                  {"request": {"url": "/no-method"}},
                  {"request": {"method": "GET", "url": "/ok"}}
                ]}}
                """);
        try (TrafficReader reader = TrafficFiles.open(file)) {
            assertThatThrownBy(reader::next).hasMessageContaining("x.har:2: log.entries[0]: \"method\" is missing");
            assertThat(reader.next().url()).isEqualTo("/ok");
            assertThat(reader.next()).isNull();
        }
        Path notHar = write("y.har", "{\"entries\": []}");
        try (TrafficReader reader = TrafficFiles.open(notHar)) {
            assertThatThrownBy(reader::next).hasMessageContaining("not a HAR 1.2 file")
                    .satisfies(e -> assertThat(((BadTrafficRecord) e).fatal()).isTrue());
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void harIsRecognisedByContentWithoutItsExtension() throws IOException {
        Path file = write("capture.json", "{\n  \"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"/x\"}}]}}");
        assertThat(readAll(file)).extracting(TrafficRecord::url).containsExactly("/x");
    }

    @Test
    void latin1BytesDoNotFailTheFile() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, "{\"method\": \"GET\", \"url\": \"/a?n=Ib\u00e9rico\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(readAll(file)).hasSize(1);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> TrafficFiles.open(dir.resolve("nope.jsonl"))).hasMessageContaining("nope.jsonl");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static List<TrafficRecord> readAll(Path file) throws IOException {
        List<TrafficRecord> out = new ArrayList<>();
        try (TrafficReader reader = TrafficFiles.open(file)) {
            for (TrafficRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }
}
