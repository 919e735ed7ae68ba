package io.bulwark.oauth.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses and prints the RFC 6749 §3.3 {@code scope} parameter: space-delimited scope tokens. */
public final class Scopes {

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private Scopes() {
    }

    /** The scope tokens in {@code value}; an empty set for null or blank. */
    public static Set<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : value.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw OAuthError.invalidScope("scope contains a character RFC 6749 §3.3 does not allow");
            }
            scopes.add(token);
        }
        return Set.copyOf(scopes);
    }

    /** The scopes as one space-delimited string, sorted so that equal sets print the same. */
    public static String format(Collection<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
