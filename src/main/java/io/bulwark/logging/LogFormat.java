package io.bulwark.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How log lines are written: one JSON object per line (for collectors), or text (for people). */
public enum LogFormat {
    /** JSON lines (logstash-logback-encoder): {@code bulwark serve}'s default. */
    JSON,
    /** One readable line per event: {@code bulwark demo}'s default. */
    TEXT;

    /** The environment variable that overrides the command's and bulwark.yaml's choice. */
    public static final String ENVIRONMENT_VARIABLE = "BULWARK_LOG_FORMAT";

    /** The name as written in bulwark.yaml and the environment: {@code json} or {@code text}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code label}, without case, if there is one. */
    public static Optional<LogFormat> parse(String label) {
        for (LogFormat format : values()) {
            if (format.label().equalsIgnoreCase(label.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format in force: {@value #ENVIRONMENT_VARIABLE} when set, else {@code configured} (bulwark.yaml's
     * {@code logging.format}), else the command's own default.
     *
     * @throws IllegalArgumentException when the variable names no format, with the fix
     */
    public static LogFormat choose(Map<String, String> environment, Optional<LogFormat> configured, LogFormat commandDefault) {
        String variable = environment.get(ENVIRONMENT_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return parse(variable).orElseThrow(() -> new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + variable
                    + " is not a log format; set it to json or text, or unset it to use the default"));
        }
        return configured.orElse(commandDefault);
    }
}
