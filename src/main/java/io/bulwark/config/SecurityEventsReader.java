package io.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the top-level {@code security-events} section: webhooks, their retries, the dead-letter file and the live stream. */
final class SecurityEventsReader {

    // RFC 9110 §5.1: a field name is a token.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    // RFC 9110 §5.5: visible ASCII and inner spaces only, so no header can be split or smuggled.
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]*[\\x21-\\x7E])?");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    // Set by Bulwark on every delivery: a configured value would forge or break them.
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "bulwark-signature",
            "bulwark-event-id", "bulwark-event-type", "connection", "transfer-encoding", "expect", "upgrade");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private SecurityEventsReader() {
    }

    static SecurityEventsConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return SecurityEventsConfig.NONE;
        }
        node.map("webhooks", "initial-backoff", "max-backoff", "give-up-after", "dead-letter-capacity", "stream-buffer");
        List<WebhookConfig> webhooks = new ArrayList<>();
        Set<URI> urls = new LinkedHashSet<>();
        if (!node.get("webhooks").isAbsent()) {
            for (ConfigNode webhook : node.get("webhooks").list()) {
                WebhookConfig read = webhook(webhook);
                if (!urls.add(read.url())) {
                    throw webhook.get("url").error("names a URL another webhook already has",
                            "list each receiver once; give one webhook all the `types` it should receive");
                }
                webhooks.add(read);
            }
        }
        Duration initial = Durations.read(node.get("initial-backoff"), SecurityEventsConfig.DEFAULT_INITIAL_BACKOFF,
                Duration.ofMillis(10), Duration.ofMinutes(10), "it is the first wait after a failed delivery");
        Duration max = Durations.read(node.get("max-backoff"), SecurityEventsConfig.DEFAULT_MAX_BACKOFF,
                Duration.ofMillis(10), Duration.ofHours(1), "it bounds the wait between two attempts");
        if (initial.compareTo(max) > 0) {
            throw node.get("initial-backoff").error("is longer than `max-backoff` (" + Durations.show(max) + ")",
                    "make `initial-backoff` at most `max-backoff`");
        }
        Duration giveUp = Durations.read(node.get("give-up-after"), SecurityEventsConfig.DEFAULT_GIVE_UP_AFTER,
                Duration.ofSeconds(1), Duration.ofDays(30), "undelivered events wait on disk that long before the dead-letter file");
        int deadLetters = Numbers.readInt(node.get("dead-letter-capacity"), SecurityEventsConfig.DEFAULT_DEAD_LETTER_CAPACITY,
                1, 1_000_000, "the dead-letter file stays bounded");
        int streamBuffer = Numbers.readInt(node.get("stream-buffer"), SecurityEventsConfig.DEFAULT_STREAM_BUFFER, 1, 100_000,
                "each live-stream subscriber holds that many events in memory");
        return new SecurityEventsConfig(webhooks, initial, max, giveUp, deadLetters, streamBuffer);
    }

    private static WebhookConfig webhook(ConfigNode node) {
        node.map("url", "headers", "types", "trusted-ca", "timeout");
        URI url = HttpsUris.read(node.get("url").required("the https URL events are POSTed to, for example "
                + "`https://siem.example.com/bulwark`"), "write the receiver's URL as `https://host[:port]/path`");
        Map<String, String> headers = headers(node.get("headers"));
        Set<String> types = new LinkedHashSet<>();
        if (!node.get("types").isAbsent()) {
            for (ConfigNode type : node.get("types").list()) {
                String text = type.text().strip();
                if (!EVENT_TYPE.matcher(text).matches()) {
                    throw type.error("`" + text + "` is not an event type",
                            "write event types in lower case with underscores, such as `authentication_lockout` "
                                    + "(docs/OBSERVABILITY.md lists them), or leave `types` out for all");
                }
                types.add(text);
            }
        }
        Optional<java.nio.file.Path> trustedCa = node.get("trusted-ca").isAbsent() ? Optional.empty()
                : Optional.of(node.get("trusted-ca").existingFile());
        Duration timeout = Durations.read(node.get("timeout"), DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1),
                "a slow receiver delays the events after it");
        return new WebhookConfig(url, headers, types, trustedCa, timeout);
    }

    private static Map<String, String> headers(ConfigNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node.isAbsent()) {
            return headers;
        }
        if (!node.raw().isObject()) {
            throw node.error("must be a map of header names to values", "write one `Header-Name: value` per line under `headers`");
        }
        for (Map.Entry<String, JsonNode> entry : node.raw().properties()) {
            ConfigNode header = node.get(entry.getKey());
            String name = entry.getKey();
            if (!HEADER_NAME.matcher(name).matches()) {
                throw header.error("is not a valid header name", "use letters, digits and `-` only (RFC 9110 §5.1)");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw header.error("is set by Bulwark on every delivery", "remove it; Bulwark sends `Content-Type`, "
                        + "`Bulwark-Signature`, `Bulwark-Event-Id` and `Bulwark-Event-Type` itself");
            }
            // The value is not echoed in the error: it is likely a credential.
            String value = header.text();
            if (!HEADER_VALUE.matcher(value).matches()) {
                throw header.error("has a value with characters a header cannot carry",
                        "use visible ASCII characters and inner spaces only (RFC 9110 §5.5)");
            }
            headers.put(name, value);
        }
        return headers;
    }
}
