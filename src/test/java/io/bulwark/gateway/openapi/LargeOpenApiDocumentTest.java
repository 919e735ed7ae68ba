package io.bulwark.gateway.openapi;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** An API of thousands of operations (the data-growth benchmark declares 10,000): read past YAML's default size bound, compiled in seconds. */
class LargeOpenApiDocumentTest {

    private static final int OPERATIONS = 2_000;
    // Long descriptions, as real APIs have, make the document large with few operations, so that the test stays quick.
    private static final String DESCRIPTION = "Reads one item of a generated catalogue. ".repeat(30);

    @Test
    void readsAndCompilesADocumentOfThousandsOfOperations() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                openapi: 3.1.0
                info: {title: large, version: '1'}
                components:
                  securitySchemes:
                    o: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://as/token', scopes: {a: a}}}}
                  schemas:
                    Item:
                      type: object
                      additionalProperties: false
                      properties:
                        id: {type: string, maxLength: 64, description: 'The identifier of the item, as the catalogue lists it.'}
                        name: {type: string, maxLength: 256, description: 'The name of the item, as shown to the customer.'}
                paths:
                """);
        for (int i = 0; i < OPERATIONS; i++) {
            yaml.append("  /catalogue/c").append(i).append("/items/{itemId}:\n    get:\n      operationId: op").append(i).append('\n')
                    .append("      description: ").append(DESCRIPTION).append('\n')
                    .append("""
                                  summary: A generated operation of a large API, with a path parameter and a referenced response schema.
                                  parameters:
                                    - {name: itemId, in: path, required: true, schema: {type: string, pattern: '^[0-9a-z]{1,32}$'}}
                                  security: [{o: [a]}]
                                  responses:
                                    '200':
                                      description: The item.
                                      content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
                                    default:
                                      description: A problem.
                                      content: {application/problem+json: {schema: {type: object}}}
                            """);
        }
        // Past SnakeYAML's default bound of 3 MiB, which refused such a document before.
        assertThat(yaml.length()).isGreaterThan(3 * 1024 * 1024);
        Path file = Files.createTempFile("large-api", ".yaml");
        Files.writeString(file, yaml);

        assertThat(OpenApiDocument.operations(file)).hasSize(OPERATIONS);
        // Compiling each schema from a fresh parse of the whole document took over a minute here; once parsed, 1 to 7 s.
        ApiContract contract = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ApiContract.load(file));
        assertThat(contract).isNotNull();
        Files.delete(file);
    }
}
