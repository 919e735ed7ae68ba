package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Where a GET operation's JSON answer names whose object it is: {@code x-bulwark-owner-field} (the
 * object's owner, compared with a user token's {@code sub}) and {@code x-bulwark-owned-items} (a
 * list whose items carry their owner and account id). Any pointer may be null.
 *
 * @param owner       the owner of the one object the answer is
 * @param items       the array of objects the answer lists
 * @param itemOwner   within an item, its owner
 * @param itemAccount within an item, its account id (matched against {@code account_information} accounts)
 */
public record ResponseOwnership(JsonPointer owner, JsonPointer items, JsonPointer itemOwner, JsonPointer itemAccount) {

    /** An operation whose answer names no owner. */
    public static final ResponseOwnership NONE = new ResponseOwnership(null, null, null, null);

    static final String OWNER_FIELD = "x-bulwark-owner-field";
    static final String OWNED_ITEMS = "x-bulwark-owned-items";
    private static final Set<String> ITEM_FIELDS = Set.of("items", "owner-field", "account-field");

    public boolean declared() {
        return owner != null || items != null;
    }

    /**
     * What {@code operation} declares, each pointer checked against its first 2xx JSON response schema.
     *
     * @throws InvalidOpenApiException naming the file and the place in it that is wrong
     */
    static ResponseOwnership read(Path file, String where, String method, JsonNode operation, String operationPointer, LocalRefs refs) {
        JsonNode ownerField = operation.get(OWNER_FIELD);
        JsonNode ownedItems = operation.get(OWNED_ITEMS);
        if (ownerField == null && ownedItems == null) {
            return NONE;
        }
        String at = where + "." + (ownerField != null ? OWNER_FIELD : OWNED_ITEMS);
        // The answer arrives after the upstream acted: checking it can only protect what a safe method reads.
        if (!method.equals("get")) {
            throw new InvalidOpenApiException(file, at, "applies to GET operations only: by the time the answer of a " + method.toUpperCase(java.util.Locale.ROOT)
                    + " is checked, the API has already acted");
        }
        if (ownerField != null && ownedItems != null) {
            throw new InvalidOpenApiException(file, at, "an answer is either one object (" + OWNER_FIELD + ") or a list (" + OWNED_ITEMS + "), not both");
        }
        LocalRefs.Located schema = successSchema(operation, operationPointer, refs);
        if (schema == null) {
            throw new InvalidOpenApiException(file, at, "needs a 2xx response with an application/json schema to read the owner from");
        }
        if (ownerField != null) {
            return new ResponseOwnership(SchemaPointers.declared(file, at, ownerField, schema, refs).pointer(), null, null, null);
        }
        if (!ownedItems.isObject() || !ownedItems.has("items") || !(ownedItems.has("owner-field") || ownedItems.has("account-field"))) {
            throw new InvalidOpenApiException(file, at, "must name `items` (the array) and `owner-field` and/or `account-field` within an item");
        }
        for (Iterator<String> names = ownedItems.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ITEM_FIELDS.contains(name)) {
                throw new InvalidOpenApiException(file, at + "." + name, "is not one of " + ITEM_FIELDS);
            }
        }
        SchemaPointers.Declared items = SchemaPointers.declared(file, at + ".items", ownedItems.get("items"), schema, refs);
        JsonNode itemSchema = items.schema().node().get("items");
        if (itemSchema == null) {
            throw new InvalidOpenApiException(file, at + ".items", "`" + items.pointer() + "` is not an array in the response schema");
        }
        LocalRefs.Located item = new LocalRefs.Located(itemSchema, items.schema().pointer() + "/items");
        return new ResponseOwnership(null, items.pointer(), itemPointer(file, at, "owner-field", ownedItems, item, refs),
                itemPointer(file, at, "account-field", ownedItems, item, refs));
    }

    private static JsonPointer itemPointer(Path file, String at, String name, JsonNode ownedItems, LocalRefs.Located item, LocalRefs refs) {
        return ownedItems.has(name) ? SchemaPointers.declared(file, at + "." + name, ownedItems.get(name), item, refs).pointer() : null;
    }

    /** The first 2xx application/json response schema, or null. */
    private static LocalRefs.Located successSchema(JsonNode operation, String operationPointer, LocalRefs refs) {
        for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
            if (response.getKey().startsWith("2")) {
                LocalRefs.Located resolved = refs.resolve(response.getValue(),
                        operationPointer + "/responses/" + LocalRefs.escape(response.getKey()));
                JsonNode schema = resolved.node().at("/content/application~1json/schema");
                if (!schema.isMissingNode()) {
                    return new LocalRefs.Located(schema, resolved.pointer() + "/content/application~1json/schema");
                }
            }
        }
        return null;
    }
}
