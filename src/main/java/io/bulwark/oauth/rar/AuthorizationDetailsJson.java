package io.bulwark.oauth.rar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** Writes validated details as JSON (for the store, tokens and responses) and reads stored ones back. */
public final class AuthorizationDetailsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthorizationDetailsJson() {
    }

    /** The details as JSON-ready maps, for a JWT claim or a JSON response member. */
    public static List<Map<String, Object>> toClaim(List<AuthorizationDetail> details) {
        return details.stream().map(AuthorizationDetail::toJson).toList();
    }

    /** The details as a JSON array string; {@code "[]"} for none. */
    public static String write(List<AuthorizationDetail> details) {
        try {
            return JSON.writeValueAsString(toClaim(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("authorization details did not serialise", e);
        }
    }

    /** Reads what {@link #write} wrote; an empty array gives an empty list. */
    public static List<AuthorizationDetail> read(String json) {
        if (json == null || json.isBlank() || "[]".equals(json.strip())) {
            return List.of();
        }
        return AuthorizationDetailsParser.parse(json, AuthorizationDetailsParser.TYPES);
    }
}
