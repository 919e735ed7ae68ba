package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles the schemas of one OpenAPI document, each once, with the dialect of its version (3.0:
 * {@code nullable} and boolean exclusive bounds; 3.1: JSON Schema 2020-12) and formats asserted,
 * not merely annotated ({@code date}, {@code uuid}, {@code email} are checked).
 */
final class DocumentSchemas {

    private static final AtomicLong DOCUMENTS = new AtomicLong();

    private final SchemaRegistry registry;
    private final String iri;
    private final ShapeCompiler shapes;
    private Schema document;

    DocumentSchemas(Path file, JsonNode root, LocalRefs refs) {
        // A name under .invalid (RFC 2606): the document is served from memory and nothing is ever fetched.
        this.iri = "https://bulwark.invalid/openapi/" + DOCUMENTS.incrementAndGet();
        String json = root.toString();
        boolean v30 = root.path("openapi").asText().startsWith("3.0");
        this.registry = SchemaRegistry.withDialect(v30 ? Dialects.getOpenApi30() : Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(iri, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        this.shapes = new ShapeCompiler(file, refs);
    }

    /** The schema {@code schema} found at {@code pointer} of the document, compiled now. */
    ContractSchema compile(JsonNode schema, String pointer) {
        // From the document read once: loading each schema by its location would parse the whole document again each
        // time (quadratic in its size: many minutes for an API of thousands of operations). This is what that load does
        // after the parse: the document's schema, then the one at the fragment, as a reference to it would resolve.
        Schema compiled = document().getRefSchema(SchemaLocation.of(iri + "#" + fragment(pointer)).getFragment());
        compiled.initializeValidators();
        return new ContractSchema(compiled, shapes.compile(schema, pointer), pointer);
    }

    private Schema document() {
        if (document == null) {
            document = registry.getSchema(SchemaLocation.of(iri));
        }
        return document;
    }

    /** A JSON Pointer as a URI fragment: '{' and '}' of path templates and the like percent-encoded. */
    private static String fragment(String pointer) {
        return URLEncoder.encode(pointer, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/").replace("%7E", "~");
    }
}
