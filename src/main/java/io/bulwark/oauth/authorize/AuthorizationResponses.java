package io.bulwark.oauth.authorize;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authorization responses (RFC 6749 §4.1.2 and §4.1.2.1) as redirect locations: parameters added to
 * the query of the client's registered redirect URI, with {@code iss} always (RFC 9207 §2).
 */
public final class AuthorizationResponses {

    private AuthorizationResponses() {
    }

    /** The success response: code, state (if the client sent one) and iss. */
    public static URI success(String redirectUri, String code, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", state);
        params.put("iss", issuer);
        return withQuery(redirectUri, params);
    }

    /** An error response: error, error_description, state and iss (RFC 9207 §2 covers error responses too). */
    public static URI error(String redirectUri, String error, String description, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", issuer);
        return withQuery(redirectUri, params);
    }

    private static URI withQuery(String redirectUri, Map<String, String> params) {
        // RFC 6749 §3.1.2: the registered URI's own query is kept; ours is appended, form-encoded (Appendix B).
        StringBuilder location = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getValue() == null) {
                continue;
            }
            location.append(separator).append(param.getKey()).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(location.toString());
    }
}
