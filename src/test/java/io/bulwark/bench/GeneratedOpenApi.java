package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo bank's OpenAPI document grown to a given number of operations: generated catalogue operations (GET, three of
 * four with a path parameter, each with its scope, caller rule and response schema) written ahead of the bank's own, so
 * that every one of them is declared, routed and compiled by the gateway while the load still calls a real one.
 */
final class GeneratedOpenApi {

    private static final Pattern OPERATION = Pattern.compile("^\\s+operationId: ", Pattern.MULTILINE);
    private static final String[] SHAPES = {"/items", "/items/{itemId}", "/items/{itemId}/history", "/offers/{offerId}"};

    private GeneratedOpenApi() {
    }

    /** Writes {@code bank} with operations added up to {@code operations} in all to {@code target}; returns the count added. */
    static int write(Path bank, int operations, Path target) throws IOException {
        String document = Files.readString(bank);
        int declared = (int) OPERATION.matcher(document).results().count();
        int added = Math.max(0, operations - declared);
        StringBuilder paths = new StringBuilder(added * 700);
        for (int i = 0; i < added; i++) {
            String shape = SHAPES[i % SHAPES.length];
            String path = "/catalogue/c" + (i / SHAPES.length) + shape;
            paths.append("  ").append(path).append(":\n    get:\n      operationId: generated").append(i).append('\n')
                    .append("      x-bulwark-caller: any\n      tags: [catalogue]\n      summary: Generated catalogue operation ").append(i).append('\n');
            Matcher parameter = Pattern.compile("\\{(\\w+)}").matcher(shape);
            if (parameter.find()) {
                paths.append("      parameters:\n        - name: ").append(parameter.group(1)).append('\n')
                        .append("          in: path\n          required: true\n          schema:\n            type: string\n")
                        .append("            pattern: '^[0-9a-z]{1,32}$'\n");
            }
            paths.append("""
                          security:
                            - bulwark: ['products:read']
                          responses:
                            '200':
                              description: Catalogue entries.
                              content:
                                application/json:
                                  schema:
                                    $ref: '#/components/schemas/ProductList'
                            '401':
                              $ref: '#/components/responses/Unauthenticated'
                            default:
                              $ref: '#/components/responses/Unexpected'
                    """);
        }
        int at = document.indexOf("\npaths:\n");
        if (at < 0) {
            throw new IllegalStateException(bank + " has no paths section");
        }
        at += "\npaths:\n".length();
        Files.writeString(target, document.substring(0, at) + paths + document.substring(at));
        return added;
    }
}
