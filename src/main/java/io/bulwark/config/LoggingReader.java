package io.bulwark.config;

import io.bulwark.logging.LogFormat;

import java.util.Optional;

/** Reads {@code logging}: the format of the log lines ({@code format: json | text}). */
final class LoggingReader {

    private LoggingReader() {
    }

    static LoggingConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return new LoggingConfig(Optional.empty());
        }
        node.map("format");
        ConfigNode format = node.get("format");
        if (format.isAbsent()) {
            return new LoggingConfig(Optional.empty());
        }
        String text = format.text();
        return new LoggingConfig(Optional.of(LogFormat.parse(text).orElseThrow(() -> format.error("is not a log format",
                "write `json` (one JSON object per line, for a log collector) or `text` (for people), or remove the key "
                        + "(serve writes JSON); BULWARK_LOG_FORMAT overrides it"))));
    }
}
