package io.bulwark.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads a YAML file into a tree, turning I/O and syntax errors into {@link ConfigException}s with line and column. */
final class YamlFile {

    private static final String SYNTAX_FIX =
            "correct the YAML there: one `key: value` per line, nesting by indentation with spaces (no tabs), list items start with `- `";

    // A key written twice would silently keep only the last value; in a security configuration that hides mistakes.
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private YamlFile() {
    }

    /** The document's tree; the file must exist, be UTF-8 and hold a YAML map. */
    static JsonNode read(Path file) {
        JsonNode tree = parse(file, readText(file));
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(file, "", "the file is empty", "start from the documented example config/bulwark.yaml");
        }
        if (!tree.isObject()) {
            throw new ConfigException(file, "", "the top level must be a map of keys",
                    "start from the documented example config/bulwark.yaml");
        }
        return tree;
    }

    private static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file, "", "is a folder, not a configuration file",
                    "give --config the path of the YAML file, such as config/bulwark.yaml");
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, "", "the configuration file does not exist", "check the path given to --config");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, "", "the configuration file cannot be read by this process",
                    "give the user Bulwark runs as read access to it");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, "", "the file is not UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file, "", "the configuration file cannot be read (" + e.getClass().getSimpleName() + ")",
                    "check that the path names a readable file, not a folder");
        }
    }

    private static JsonNode parse(Path file, String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        }
    }

    /** Says where the YAML is wrong. SnakeYAML's own message quotes the offending line, which may hold a secret, so it is rebuilt here. */
    private static ConfigException syntaxError(Path file, JsonProcessingException e) {
        String path = e.getProcessor() instanceof JsonParser parser ? pathOf(parser.getParsingContext()) : "";
        MarkedYAMLException marked = markedCause(e);
        if (marked != null && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            String at = "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            return new ConfigException(file, path, "YAML syntax error at " + at + ": " + marked.getProblem() + context, SYNTAX_FIX);
        }
        JsonLocation location = e.getLocation();
        String at = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            return new ConfigException(file, path, "key written twice" + at, "keep one of the two: YAML would silently use only the last");
        }
        return new ConfigException(file, path, "YAML error" + at + ": " + message, SYNTAX_FIX);
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    /** The parser's position as a configuration path, such as {@code gateway.apis[0].name}. */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (!path.isEmpty() && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }
}
