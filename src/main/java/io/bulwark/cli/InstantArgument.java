package io.bulwark.cli;

import io.bulwark.config.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** An instant given on the command line: ISO-8601 ({@code 2026-03-01T10:00:00Z}, or with an offset) or a duration back from now ({@code 24h}). */
final class InstantArgument {

    private InstantArgument() {
    }

    /** The instant {@code text} names; {@link IllegalArgumentException} with a message that names the option and the fix. */
    static Instant parse(String option, String text, Instant now) {
        String value = text.strip();
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                Duration back = Durations.parse(value);
                if (back != null) {
                    return now.minus(back);
                }
            }
        }
        throw new IllegalArgumentException(option + " `" + text + "` is neither an instant nor a duration: write an ISO-8601 instant "
                + "such as 2026-03-01T10:00:00Z (or with an offset, 2026-03-01T11:00:00+01:00), or how long ago, such as 24h, 30m, 7d "
                + "or PT1H");
    }
}
