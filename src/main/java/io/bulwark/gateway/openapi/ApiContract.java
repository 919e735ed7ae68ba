package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract of one API, compiled once at start-up from its OpenAPI document: each operation's
 * parameters, request body and responses with their schemas, and who may see which data class.
 */
public final class ApiContract {

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern RESPONSE_KEY = Pattern.compile("default|[1-5]XX|[1-5][0-9]{2}");
    // OpenAPI 3.1 §4.8.12.1: header parameters with these names are ignored.
    private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");
    private static final Map<ParameterContract.Location, String> DEFAULT_STYLE = Map.of(
            ParameterContract.Location.PATH, "simple", ParameterContract.Location.QUERY, "form",
            ParameterContract.Location.HEADER, "simple", ParameterContract.Location.COOKIE, "form");

    private final Map<String, OperationContract> operations;
    private final DataAccessPolicy dataAccess;
    private final Set<String> classifiedFieldNames;

    private ApiContract(Map<String, OperationContract> operations, DataAccessPolicy dataAccess, Set<String> classifiedFieldNames) {
        this.operations = Map.copyOf(operations);
        this.dataAccess = dataAccess;
        this.classifiedFieldNames = Set.copyOf(classifiedFieldNames);
    }

    /** The names of the properties and parameters classified {@code personal}, {@code pci} or {@code secret}, for log masking. */
    public Set<String> classifiedFieldNames() {
        return classifiedFieldNames;
    }

    /** The contract of {@code operation}; throws when the operation is not of this document. */
    public OperationContract operation(ApiOperation operation) {
        OperationContract contract = operations.get(key(operation.method(), operation.pathTemplate()));
        if (contract == null) {
            throw new IllegalStateException("no contract compiled for " + operation.method() + " " + operation.pathTemplate());
        }
        return contract;
    }

    public DataAccessPolicy dataAccess() {
        return dataAccess;
    }

    /**
     * Reads and compiles {@code file}.
     *
     * @throws InvalidOpenApiException naming the file and the place in it that Bulwark cannot enforce
     */
    public static ApiContract load(Path file) {
        JsonNode root = OpenApiDocument.read(file);
        LocalRefs refs = new LocalRefs(file, root);
        refs.checkAll();
        Loader loader = new Loader(file, refs, new DocumentSchemas(file, root, refs));
        Map<String, OperationContract> operations = new HashMap<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            LocalRefs.Located item = refs.resolve(path.getValue(), "/paths/" + LocalRefs.escape(path.getKey()));
            for (Map.Entry<String, JsonNode> entry : item.node().properties()) {
                String method = entry.getKey().toLowerCase(Locale.ROOT);
                if (OpenApiDocument.METHODS.contains(method)) {
                    operations.put(key(method.toUpperCase(Locale.ROOT), path.getKey()),
                            loader.operation(path.getKey(), item, entry.getValue(), item.pointer() + "/" + entry.getKey()));
                }
            }
        }
        return new ApiContract(operations, DataAccessPolicy.read(file, root), ClassifiedFieldNames.in(root));
    }

    private static String key(String method, String pathTemplate) {
        return method + " " + pathTemplate;
    }

    /** Reads the parts of operations, with the document's references and compiled schemas at hand. */
    private record Loader(Path file, LocalRefs refs, DocumentSchemas schemas) {

        OperationContract operation(String template, LocalRefs.Located pathItem, JsonNode operation, String pointer) {
            Map<String, ParameterContract> parameters = new LinkedHashMap<>();
            // Operation-level parameters override path-level ones of the same name and location.
            parameters(pathItem.node().get("parameters"), pathItem.pointer() + "/parameters", parameters);
            parameters(operation.get("parameters"), pointer + "/parameters", parameters);
            Set<String> declaredPath = new LinkedHashSet<>();
            parameters.values().stream().filter(p -> p.in() == ParameterContract.Location.PATH).forEach(p -> declaredPath.add(p.name()));
            Matcher templated = TEMPLATE_PARAMETER.matcher(template);
            while (templated.find()) {
                if (!declaredPath.remove(templated.group(1))) {
                    throw new InvalidOpenApiException(file, LocalRefs.where(pointer) + ".parameters",
                            "does not declare the path parameter {" + templated.group(1) + "} of its path; declare it with `in: path` and a schema");
                }
            }
            if (!declaredPath.isEmpty()) {
                throw new InvalidOpenApiException(file, LocalRefs.where(pointer) + ".parameters",
                        "declares path parameters that are not in its path: " + declaredPath);
            }
            JsonNode body = operation.get("requestBody");
            return new OperationContract(List.copyOf(parameters.values()),
                    body == null ? null : body(refs.resolve(body, pointer + "/requestBody")),
                    responses(operation.get("responses"), pointer + "/responses"));
        }

        private void parameters(JsonNode list, String pointer, Map<String, ParameterContract> into) {
            if (list == null) {
                return;
            }
            if (!list.isArray()) {
                throw new InvalidOpenApiException(file, LocalRefs.where(pointer), "must be a list of parameters");
            }
            for (int i = 0; i < list.size(); i++) {
                ParameterContract parameter = parameter(refs.resolve(list.get(i), pointer + "/" + i));
                if (parameter != null) {
                    String name = parameter.in() == ParameterContract.Location.HEADER ? parameter.name().toLowerCase(Locale.ROOT) : parameter.name();
                    into.put(parameter.in() + ":" + name, parameter);
                }
            }
        }

        private ParameterContract parameter(LocalRefs.Located located) {
            JsonNode node = located.node();
            String where = LocalRefs.where(located.pointer());
            String name = node.path("name").asText("");
            if (name.isEmpty()) {
                throw new InvalidOpenApiException(file, where + ".name", "is missing; every parameter needs a name");
            }
            ParameterContract.Location in;
            try {
                in = ParameterContract.Location.valueOf(node.path("in").asText("").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidOpenApiException(file, where + ".in", "must be path, query, header or cookie");
            }
            if (in == ParameterContract.Location.HEADER && IGNORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (node.has("content")) {
                throw new InvalidOpenApiException(file, where + ".content",
                        "parameters described by `content` are not supported; describe the value with `schema`");
            }
            JsonNode schema = node.get("schema");
            if (schema == null) {
                throw new InvalidOpenApiException(file, where, "declares no schema; the gateway validates every parameter against one");
            }
            String style = node.path("style").asText(DEFAULT_STYLE.get(in));
            if (!style.equals(DEFAULT_STYLE.get(in))) {
                throw new InvalidOpenApiException(file, where + ".style",
                        "`" + style + "` is not supported for " + in.name().toLowerCase(Locale.ROOT) + " parameters; use `" + DEFAULT_STYLE.get(in) + "`");
            }
            String schemaPointer = located.pointer() + "/schema";
            Set<String> types = types(refs.resolve(schema, schemaPointer).node());
            boolean array = types.contains("array");
            Set<String> scalarTypes = types;
            if (array) {
                JsonNode items = refs.resolve(schema, schemaPointer).node().get("items");
                scalarTypes = items == null ? Set.of() : types(refs.resolve(items, schemaPointer + "/items").node());
            }
            if (scalarTypes.contains("object") || scalarTypes.contains("array")) {
                throw new InvalidOpenApiException(file, where + ".schema",
                        "object-valued parameters and arrays of arrays are not supported; use a request body");
            }
            boolean required = in == ParameterContract.Location.PATH || node.path("required").asBoolean(false);
            return new ParameterContract(name, in, required, array, node.path("explode").asBoolean(style.equals("form")),
                    scalarTypes, schemas.compile(schema, schemaPointer));
        }

        private static Set<String> types(JsonNode schema) {
            JsonNode type = schema.get("type");
            Set<String> types = new LinkedHashSet<>();
            if (type == null) {
                return types;
            }
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            return types;
        }

        private BodyContract body(LocalRefs.Located located) {
            return new BodyContract(located.node().path("required").asBoolean(false), media(located, true));
        }

        private Map<String, MediaContract> media(LocalRefs.Located located, boolean required) {
            JsonNode content = located.node().get("content");
            Map<String, MediaContract> media = new LinkedHashMap<>();
            if (content == null || content.isEmpty()) {
                if (required) {
                    throw new InvalidOpenApiException(file, LocalRefs.where(located.pointer()) + ".content",
                            "declares no media type; say which bodies the operation accepts");
                }
                return media;
            }
            for (Map.Entry<String, JsonNode> entry : content.properties()) {
                String range = entry.getKey().trim().toLowerCase(Locale.ROOT);
                int semicolon = range.indexOf(';');
                range = semicolon < 0 ? range : range.substring(0, semicolon).trim();
                String pointer = located.pointer() + "/content/" + LocalRefs.escape(entry.getKey());
                JsonNode schema = entry.getValue().get("schema");
                ContractSchema compiled = schema != null ? schemas.compile(schema, pointer + "/schema")
                        : MediaContract.isJson(range) ? ContractSchema.undeclared(pointer) : null;
                media.put(range, new MediaContract(range, compiled));
            }
            return media;
        }

        private Map<String, ResponseContract> responses(JsonNode responses, String pointer) {
            Map<String, ResponseContract> contracts = new LinkedHashMap<>();
            if (responses == null) {
                return contracts;
            }
            for (Map.Entry<String, JsonNode> entry : responses.properties()) {
                String key = entry.getKey().toUpperCase(Locale.ROOT).equals("DEFAULT") ? "default" : entry.getKey().toUpperCase(Locale.ROOT);
                String at = pointer + "/" + LocalRefs.escape(entry.getKey());
                if (!RESPONSE_KEY.matcher(key).matches()) {
                    if (entry.getKey().startsWith("x-")) {
                        continue;
                    }
                    throw new InvalidOpenApiException(file, LocalRefs.where(at), "is not a status code, a range such as 4XX, or default");
                }
                contracts.put(key, new ResponseContract(media(refs.resolve(entry.getValue(), at), false)));
            }
            return contracts;
        }
    }
}
