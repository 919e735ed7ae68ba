package io.bulwark.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who an operation serves ({@code x-bulwark-caller}): a token acting for a user, the client's own token (no user, as
 * client credentials give), or either. Absent, an operation serves users only: the owner checks apply to user tokens, and a
 * token acting for no user would pass them, so an API must say so before a client's own token may call it.
 */
public enum AllowedCaller {
    /** Only a token acting for a user (authorization code, refresh). */
    USER,
    /** Only the client's own token, acting for no user (client credentials). */
    CLIENT,
    /** Either kind of token. */
    ANY;

    /** The operation extension naming the caller. */
    public static final String EXTENSION = "x-bulwark-caller";

    /** Whether a token that acts for a user ({@code actsForUser}) or for its client alone may call the operation. */
    public boolean admits(boolean actsForUser) {
        return switch (this) {
            case USER -> actsForUser;
            case CLIENT -> !actsForUser;
            case ANY -> true;
        };
    }

    /** The value as written in a document. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The caller {@code operation} declares, {@link #USER} when it declares none.
     *
     * @throws InvalidOpenApiException when the value is not {@code user}, {@code client} or {@code any}
     */
    static AllowedCaller read(Path file, String where, JsonNode operation) {
        JsonNode value = operation.get(EXTENSION);
        if (value == null) {
            return USER;
        }
        for (AllowedCaller caller : values()) {
            if (value.isTextual() && caller.wireName().equals(value.asText())) {
                return caller;
            }
        }
        throw new InvalidOpenApiException(file, where + "." + EXTENSION, "must be one of "
                + Arrays.stream(values()).map(AllowedCaller::wireName).collect(Collectors.joining(", "))
                + ": `user` for a token acting for a user (the default), `client` for a client's own token (client credentials),"
                + " `any` for both");
    }
}
