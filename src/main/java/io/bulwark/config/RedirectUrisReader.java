package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client's {@code redirect-uris}: absolute https URLs, compared exactly at the authorization
 * endpoint, so each must be written in full. Query is allowed (RFC 6749 §3.1.2); fragment is not.
 */
public final class RedirectUrisReader {

    /** How to write a redirect URI that passes. */
    public static final String FIX = "write the full https URL the client receives the code at, for example "
            + "`https://app.example.com/callback`; it is matched exactly";

    private RedirectUrisReader() {
    }

    static List<String> read(ConfigNode node) {
        if (node.isAbsent()) {
            return List.of();
        }
        UniqueValues seen = new UniqueValues("list each redirect URI once");
        List<String> uris = new ArrayList<>();
        for (ConfigNode element : node.list()) {
            String text = element.text().strip();
            check(element, text);
            seen.add(element, text);
            uris.add(text);
        }
        return List.copyOf(uris);
    }

    private static void check(ConfigNode node, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw node.error(problem, FIX);
        }
    }

    /** What is wrong with {@code text} as a redirect URI, or null if nothing; shared with {@code bulwark clients}. */
    public static String problem(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason() + " at index " + e.getIndex();
        }
        // FAPI 2.0 SP §5.3.2.2: authorization responses never travel unencrypted, so https only.
        if (!uri.isAbsolute() || !"https".equals(uri.getScheme())) {
            return "must be an absolute https URL";
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user info";
        }
        // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment component.
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (#...)";
        }
        if (text.contains(" ")) {
            return "must not contain spaces";
        }
        return null;
    }
}
