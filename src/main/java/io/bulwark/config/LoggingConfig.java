package io.bulwark.config;

import io.bulwark.logging.LogFormat;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code logging}: how this node writes its log lines.
 *
 * @param format {@code json} or {@code text}; empty: the command's default ({@code serve} JSON, {@code demo} text)
 */
public record LoggingConfig(Optional<LogFormat> format) {

    public LoggingConfig {
        Objects.requireNonNull(format, "format");
    }
}
