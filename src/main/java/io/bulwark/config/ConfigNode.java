package io.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of the parsed YAML with its path from the root (such as {@code gateway.apis[0].upstream.url}),
 * so that every error it raises names the file and the place in it.
 */
final class ConfigNode {

    private final ConfigSource source;
    private final String parentPath;
    /** The key of this node in its parent map, or {@code [i]} for a list element. */
    private final String name;
    /** Null when the key is absent from its map. */
    private final JsonNode value;

    private ConfigNode(ConfigSource source, String parentPath, String name, JsonNode value) {
        this.source = source;
        this.parentPath = parentPath;
        this.name = name;
        this.value = value;
    }

    /** The top of the document. */
    static ConfigNode root(ConfigSource source, JsonNode tree) {
        return new ConfigNode(source, "", "", tree);
    }

    ConfigSource source() {
        return source;
    }

    /** Where this node is, for example {@code gateway.apis[0].upstream.url} (empty for the root). */
    String path() {
        if (parentPath.isEmpty()) {
            return name;
        }
        return name.startsWith("[") ? parentPath + name : parentPath + "." + name;
    }

    /** True when the key is not there or has no value ({@code key:} alone), so a default applies. */
    boolean isAbsent() {
        return value == null || value.isNull();
    }

    /** This node, or an error that says which key to add where; {@code hint} says what the value is. */
    ConfigNode required(String hint) {
        if (value == null) {
            String where = parentPath.isEmpty() ? "at the top level" : "under `" + parentPath + "`";
            throw error("required key `" + name + "` is missing", "add `" + name + "` " + where + ": " + hint);
        }
        if (value.isNull()) {
            throw error("`" + name + "` has no value", "give it a value: " + hint);
        }
        return this;
    }

    /** This node checked to be a map whose keys are all among {@code knownKeys}; a close misspelling is named. */
    ConfigNode map(String... knownKeys) {
        expect(value != null && value.isObject(), "a map of keys", "indent its keys under `" + name + "`, one `key: value` per line");
        List<String> known = List.of(knownKeys);
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!known.contains(entry.getKey())) {
                throw get(entry.getKey()).error("unknown key `" + entry.getKey() + "`", DidYouMean.fix(entry.getKey(), known));
            }
        }
        return this;
    }

    /** The child under {@code key}; absent if this map has no such key. Call {@link #map} first. */
    ConfigNode get(String key) {
        return new ConfigNode(source, path(), key, value == null ? null : value.get(key));
    }

    /** This node checked to be a list; its elements, each with its index in its path. */
    List<ConfigNode> list() {
        expect(value != null && value.isArray(), "a list", "write one item per line, each starting with `- `");
        List<ConfigNode> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new ConfigNode(source, path(), "[" + i + "]", value.get(i)));
        }
        return elements;
    }

    /** This node as a non-blank string. Numbers and booleans are refused rather than converted, so nothing is guessed. */
    String text() {
        expect(value != null && value.isTextual(), "a string", "write a string here (quote it if YAML reads it as a number or true/false)");
        String text = value.textValue();
        if (text.isBlank()) {
            throw error("is an empty string", "write a value, or remove the key where it has a default");
        }
        return text;
    }

    /** This node as a YAML boolean; strings such as "yes" are refused rather than guessed at. */
    boolean bool() {
        expect(value != null && value.isBoolean(), "true or false", "write true or false, without quotes");
        return value.booleanValue();
    }

    /** This node as a path; a relative path is resolved against the configuration file's folder. */
    Path file() {
        String text = text();
        try {
            return source.resolve(Path.of(text));
        } catch (InvalidPathException e) {
            throw error("is not a valid file path: " + e.getReason(), "write a path to a file, relative to " + source.folder());
        }
    }

    /** This node as the path of a regular file that exists and can be read; errors name the resolved path. */
    Path existingFile() {
        Path file = file();
        String relativeNote = "relative paths are resolved against " + source.folder();
        if (!Files.exists(file)) {
            throw error("file " + file + " does not exist", "create it, or correct the path (" + relativeNote + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw error(file + " is not a regular file", "point to a file, not a folder (" + relativeNote + ")");
        }
        if (!Files.isReadable(file)) {
            throw error("file " + file + " cannot be read by this process", "give the user Bulwark runs as read access to it");
        }
        return file;
    }

    /** The YAML value itself, for the few values (inline JWK Sets) that are passed on whole. */
    JsonNode raw() {
        return value;
    }

    /** An error at this node. */
    ConfigException error(String problem, String fix) {
        return new ConfigException(source.file(), path(), problem, fix);
    }

    private void expect(boolean ok, String expected, String fix) {
        if (isAbsent()) {
            required(expected);
        }
        if (!ok) {
            throw error("must be " + expected + ", not " + describe(value), fix);
        }
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "a map";
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case NULL, MISSING -> "empty";
            case BINARY -> "binary data";
            case POJO -> "an object";
        };
    }
}
