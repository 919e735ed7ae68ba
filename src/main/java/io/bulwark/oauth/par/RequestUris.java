package io.bulwark.oauth.par;

import io.bulwark.oauth.core.SecretTokens;

import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code request_uri} values of RFC 9126 §2.2: a URN around a random reference, stored only as its hash. */
public final class RequestUris {

    /** RFC 9126 §2.2 recommends this URN prefix. */
    public static final String PREFIX = "urn:ietf:params:oauth:request_uri:";

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private RequestUris() {
    }

    /** A new request_uri for a fresh random reference. */
    public static String newRequestUri(String reference) {
        return PREFIX + reference;
    }

    /** The store key of {@code requestUri}, or empty if it is not one of ours. */
    public static Optional<String> referenceHash(String requestUri) {
        if (requestUri == null || !requestUri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String reference = requestUri.substring(PREFIX.length());
        return REFERENCE.matcher(reference).matches() ? Optional.of(SecretTokens.hash(reference)) : Optional.empty();
    }
}
