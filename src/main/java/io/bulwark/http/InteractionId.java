package io.bulwark.http;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The FAPI interaction id ({@code x-fapi-interaction-id}) of a request: the client's own when it sent
 * a valid UUID, else a new one. FAPI 1.0 Part 1 §6.2.1 items 11-13: the resource server echoes the
 * client's value or sets an RFC 4122 UUID; an invalid value is replaced, never reflected.
 */
public final class InteractionId {

    /** The header's name, as FAPI writes it. */
    public static final String HEADER = "x-fapi-interaction-id";

    // RFC 9562 §4 textual form: 8-4-4-4-12 hexadecimal digits.
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private InteractionId() {
    }

    /** The id to answer and forward with, given the client's header value (null when absent). */
    public static String of(String sent) {
        return sent != null && UUID_TEXT.matcher(sent).matches() ? sent.toLowerCase(java.util.Locale.ROOT) : UUID.randomUUID().toString();
    }
}
