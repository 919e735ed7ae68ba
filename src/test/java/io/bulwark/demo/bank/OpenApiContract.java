package io.bulwark.demo.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code demo/bank-openapi.yaml} as a test oracle: finds the schema the document declares for a response
 * (or request) and validates a body with it, and remembers which documented responses a test has seen.
 */
final class OpenApiContract {

    static final String RESOURCE = "demo/bank-openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            document = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The OpenAPI 3.1 dialect, with "format" asserted (date, uuid, email) rather than only annotated.
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    JsonNode document() {
        return document;
    }

    /**
     * Asserts that {@code response} is documented for {@code method pathTemplate}: its status (or
     * {@code default}), its media type, and its body against the schema declared for them.
     */
    void assertConforms(String method, String pathTemplate, HttpResponse<String> response) {
        String mediaType = response.headers().firstValue("Content-Type").orElse("(none)").split(";")[0].trim();
        List<Error> errors = responseErrors(method, pathTemplate, response.statusCode(), mediaType, response.body());
        assertThat(errors).as("%s %s %s body %s against the document", method, pathTemplate, response.statusCode(),
                response.body()).isEmpty();
    }

    /**
     * Errors of {@code body} against the schema declared for {@code status} and {@code mediaType} of
     * {@code method pathTemplate}; fails if the document declares no such response.
     */
    List<Error> responseErrors(String method, String pathTemplate, int status, String mediaType, String body) {
        String methodKey = method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.path("paths").path(pathTemplate).path(methodKey);
        assertThat(operation.isObject()).as("%s %s is in the document", method, pathTemplate).isTrue();
        JsonNode responses = operation.path("responses");
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status) : "default";
        assertThat(responses.has(key)).as("%s %s documents status %s", method, pathTemplate, status).isTrue();

        String pointer = "/paths/" + escape(pathTemplate) + "/" + methodKey + "/responses/" + key;
        JsonNode declared = responses.get(key);
        if (declared.has("$ref")) {
            pointer = declared.get("$ref").asText().substring(1);
            declared = document.at(pointer);
        }
        assertThat(declared.path("content").has(mediaType))
                .as("%s %s %s is documented as %s", method, pathTemplate, status, declared.path("content").fieldNames())
                .isTrue();
        exercised.add(operation.path("operationId").asText() + " " + key);
        return schemaAt(pointer + "/content/" + escape(mediaType) + "/schema").validate(body, InputFormat.JSON);
    }

    /** Errors of {@code body} against the request body schema of {@code method pathTemplate}. */
    List<Error> requestErrors(String method, String pathTemplate, String body) {
        String pointer = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT)
                + "/requestBody/content/application~1json/schema";
        return schemaAt(pointer).validate(body, InputFormat.JSON);
    }

    /** Every {@code operationId status} the document declares, except {@code default}. */
    Set<String> documentedResponses() {
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(op -> METHODS.contains(op.getKey()))
                .forEach(op -> op.getValue().path("responses").fieldNames().forEachRemaining(status -> {
                    if (!status.equals("default")) {
                        documented.add(op.getValue().path("operationId").asText() + " " + status);
                    }
                })));
        return documented;
    }

    /** Every {@code operationId status} that {@link #assertConforms} has checked. */
    Set<String> exercisedResponses() {
        return new TreeSet<>(exercised);
    }

    private Schema schemaAt(String pointer) {
        // The fragment is a JSON pointer, percent-encoded where a URI needs it ('{' and '}' of path templates).
        String fragment = URLEncoder.encode(pointer, StandardCharsets.UTF_8).replace("%2F", "/").replace("%7E", "~");
        return schemas.computeIfAbsent(fragment,
                f -> registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#" + f)));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
