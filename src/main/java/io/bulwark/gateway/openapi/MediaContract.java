package io.bulwark.gateway.openapi;

import java.util.Locale;

/**
 * A media type a request body or response may have, and its schema.
 *
 * @param mediaType the media range as the document writes it, lower-cased ({@code application/json}, {@code application/*})
 * @param schema    its compiled schema for JSON media types (no schema declared counts as {@code {}}); null for other types
 */
public record MediaContract(String mediaType, ContractSchema schema) {

    /** True for {@code application/json} and {@code +json} types (RFC 6839 §3.1), whose bodies are parsed and checked. */
    public static boolean isJson(String mediaType) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
