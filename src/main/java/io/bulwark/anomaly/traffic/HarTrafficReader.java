package io.bulwark.anomaly.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.anomaly.TrafficRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HAR 1.2 traffic (W3C Web Performance WG draft "HTTP Archive (HAR) format", §log, §entries, §request): streamed with
 * Jackson, one {@code log.entries[]} element in memory at a time. From each entry: {@code startedDateTime},
 * {@code request.method}, {@code request.url}, {@code request.headers}, {@code request.postData.text},
 * {@code response.status}; the custom fields {@code _id} and {@code _label} (HAR allows fields starting with an
 * underscore) give the id and label.
 */
public final class HarTrafficReader implements TrafficReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonParser parser;
    private boolean inEntries;
    private boolean done;
    private long index;

    public HarTrafficReader(Path file) throws IOException {
        this.file = file;
        this.parser = new JsonFactory(JSON).createParser(file.toFile());
    }

    @Override
    public TrafficRecord next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!inEntries) {
                seekEntries();
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                done = true;
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            index++;
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw new BadTrafficRecord(file, line, "log.entries[" + (index - 1) + "] is not an object; each entry needs a request");
            }
            JsonNode entry = parser.readValueAsTree();
            try {
                return record(entry);
            } catch (IllegalArgumentException e) {
                throw new BadTrafficRecord(file, line, "log.entries[" + (index - 1) + "]: " + e.getMessage());
            }
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadTrafficRecord(file, line, "not valid JSON (" + e.getOriginalMessage() + "); a HAR file is one JSON document "
                    + "{\"log\": {\"entries\": [...]}}, nothing after this point can be read", true);
        }
    }

    private void seekEntries() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw structure();
        }
        if (!seekField("log") || parser.nextToken() != JsonToken.START_OBJECT) {
            throw structure();
        }
        if (!seekField("entries") || parser.nextToken() != JsonToken.START_ARRAY) {
            throw structure();
        }
        inEntries = true;
    }

    /** Moves to the named field of the current object, skipping the others; false if the object ends first. */
    private boolean seekField(String name) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            if (name.equals(parser.currentName())) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        return false;
    }

    private BadTrafficRecord structure() {
        done = true;
        return new BadTrafficRecord(file, parser.currentTokenLocation().getLineNr(),
                "not a HAR 1.2 file: expected {\"log\": {\"entries\": [...]}}; export the HAR again, or write JSON Lines (one request a line)", true);
    }

    private static TrafficRecord record(JsonNode entry) {
        JsonNode request = entry.get("request");
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("\"request\" is missing; each entry needs request.method and request.url");
        }
        String method = JsonRecordFields.required(request, "method", "\"GET\"");
        String url = JsonRecordFields.path(JsonRecordFields.required(request, "url", "\"https://api.example.com/v1/items?x=1\""));
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode list = request.get("headers");
        if (list != null && list.isArray()) {
            for (JsonNode header : list) {
                String name = JsonRecordFields.text(header, "name");
                String value = JsonRecordFields.text(header, "value");
                if (name != null && value != null && !name.startsWith(":")) {
                    headers.merge(name, value, (a, b) -> a + ", " + b);
                }
            }
        }
        JsonNode postData = request.get("postData");
        String body = postData == null ? null : JsonRecordFields.text(postData, "text");
        if (body != null && postData.has("mimeType") && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
            headers.put("Content-Type", postData.get("mimeType").asText());
        }
        JsonNode response = entry.get("response");
        return new TrafficRecord(JsonRecordFields.text(entry, "_id"), JsonRecordFields.time(JsonRecordFields.text(entry, "startedDateTime")),
                null, null, null,
                method, url, headers, body, response == null ? java.util.OptionalInt.empty() : JsonRecordFields.status(response),
                JsonRecordFields.label(JsonRecordFields.text(entry, "_label")));
    }

    @Override
    public long position() {
        long bytes = parser.currentLocation().getByteOffset();
        return bytes >= 0 ? bytes : parser.currentLocation().getCharOffset();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
