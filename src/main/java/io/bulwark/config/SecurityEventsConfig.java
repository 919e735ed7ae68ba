package io.bulwark.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where security events go besides the log, the audit trail and the management listener's live stream: the
 * {@code security-events} section of {@code bulwark.yaml} (docs/OBSERVABILITY.md, "Security events").
 *
 * @param webhooks           each receives every event of its types, signed, at least once
 * @param initialBackoff     the wait after a webhook's first failed delivery; it doubles per further failure (with jitter)
 * @param maxBackoff         the longest wait between two attempts
 * @param giveUpAfter        an event still undelivered this long after it happened goes to the dead-letter file
 * @param deadLetterCapacity events the dead-letter file keeps; the oldest are dropped (and counted) beyond it
 * @param streamBuffer       events one live-stream subscriber may lag behind before it is disconnected
 */
public record SecurityEventsConfig(List<WebhookConfig> webhooks, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter,
                                   int deadLetterCapacity, int streamBuffer) {

    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(24);
    static final int DEFAULT_DEAD_LETTER_CAPACITY = 10_000;
    static final int DEFAULT_STREAM_BUFFER = 1_000;

    /** No webhook; the defaults for the rest. */
    public static final SecurityEventsConfig NONE = new SecurityEventsConfig(List.of(), DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
            DEFAULT_GIVE_UP_AFTER, DEFAULT_DEAD_LETTER_CAPACITY, DEFAULT_STREAM_BUFFER);

    public SecurityEventsConfig {
        webhooks = List.copyOf(webhooks);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("the initial backoff must not exceed the longest");
        }
        if (deadLetterCapacity < 1 || streamBuffer < 1) {
            throw new IllegalArgumentException("the dead-letter capacity and the stream buffer hold at least one event");
        }
    }
}
