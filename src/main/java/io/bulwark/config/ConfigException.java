package io.bulwark.config;

import java.nio.file.Path;

/**
 * A configuration error, said so that an operator can fix it without reading code: which file,
 * where in it (a path such as {@code gateway.apis[0].upstream.url}), what is wrong, and how to fix it.
 */
public final class ConfigException extends RuntimeException {

    private final transient Path file;
    private final String path;
    private final String problem;
    private final String fix;

    public ConfigException(Path file, String path, String problem, String fix) {
        super(format(file, path, problem, fix));
        this.file = file;
        this.path = path;
        this.problem = problem;
        this.fix = fix;
    }

    public Path file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }

    private static String format(Path file, String path, String problem, String fix) {
        String where = (file == null ? "<configuration>" : file.toString()) + (path == null || path.isEmpty() ? "" : ": " + path);
        return where + ": " + problem + (fix == null ? "" : "\n  fix: " + fix);
    }
}
