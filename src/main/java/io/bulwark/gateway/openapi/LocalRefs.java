package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves {@code $ref}s within one OpenAPI document. References to other documents are refused
 * at start-up: the gateway enforces exactly the contract it was given, and never fetches schemas.
 */
final class LocalRefs {

    private static final int MAX_HOPS = 32;

    /** A node of the document and its JSON Pointer (RFC 6901). */
    record Located(JsonNode node, String pointer) {
    }

    private final Path file;
    private final JsonNode root;

    LocalRefs(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Checks every {@code $ref} of the document: local, and pointing at something. */
    void checkAll() {
        checkAll(root, "");
    }

    private void checkAll(JsonNode node, String pointer) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                target(ref.asText(), pointer);
            }
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                checkAll(child.getValue(), pointer + "/" + escape(child.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkAll(node.get(i), pointer + "/" + i);
            }
        }
    }

    /** {@code node} itself, or what its chain of {@code $ref}s ends at. */
    Located resolve(JsonNode node, String pointer) {
        Located current = new Located(node, pointer);
        for (int hops = 0; current.node().isObject() && current.node().has("$ref"); hops++) {
            if (hops == MAX_HOPS) {
                throw new InvalidOpenApiException(file, where(pointer), "has a $ref chain that does not end (a cycle?)");
            }
            String ref = current.node().get("$ref").asText();
            current = new Located(target(ref, current.pointer()), pointerOf(ref));
        }
        return current;
    }

    private JsonNode target(String ref, String from) {
        if (!ref.startsWith("#/") && !ref.equals("#")) {
            throw new InvalidOpenApiException(file, where(from) + ".$ref",
                    "`" + ref + "` points outside this document; Bulwark resolves $ref only within the document (\"#/components/...\")");
        }
        JsonNode target = root.at(pointerOf(ref));
        if (target.isMissingNode()) {
            throw new InvalidOpenApiException(file, where(from) + ".$ref", "`" + ref + "` points at nothing in this document");
        }
        return target;
    }

    /** The JSON Pointer of a local reference: the URI fragment, percent-decoded. */
    static String pointerOf(String ref) {
        return URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** One reference token of a JSON Pointer, escaped (RFC 6901 §3). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A pointer written the way error messages name places: {@code paths./accounts.get}. */
    static String where(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder where = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            if (!where.isEmpty()) {
                where.append('.');
            }
            where.append(token.replace("~1", "/").replace("~0", "~"));
        }
        return where.toString();
    }
}
