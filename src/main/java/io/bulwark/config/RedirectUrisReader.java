package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client's {@code redirect-uris}: absolute https URLs, compared exactly at the authorization
 * endpoint, so each must be written in full. Query is allowed (RFC 6749 §3.1.2); fragment is not.
 */
final class RedirectUrisReader {

    private static final String FIX = "write the full https URL the client receives the code at, for example "
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
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("is not a valid URL: " + e.getReason() + " at index " + e.getIndex(), FIX);
        }
        // FAPI 2.0 SP §5.3.2.2: authorization responses never travel unencrypted, so https only.
        if (!uri.isAbsolute() || !"https".equals(uri.getScheme())) {
            throw node.error("must be an absolute https URL", FIX);
        }
        if (uri.getHost() == null) {
            throw node.error("has no host", FIX);
        }
        if (uri.getRawUserInfo() != null) {
            throw node.error("must not carry user info", FIX);
        }
        // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment component.
        if (uri.getRawFragment() != null) {
            throw node.error("must not have a fragment (#...)", FIX);
        }
        if (text.contains(" ")) {
            throw node.error("must not contain spaces", FIX);
        }
    }
}
