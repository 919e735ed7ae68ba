package io.bulwark.config;

/** Reads a listen address written as {@code host:port} ({@code [::]:8443} for IPv6); port 1-65535, or 0 for any free port. */
final class ListenAddresses {

    private static final String FIX = "write `host:port`, for example `0.0.0.0:8443` (all interfaces), `127.0.0.1:8443` or `[::]:8443`";

    private ListenAddresses() {
    }

    static ListenAddress read(ConfigNode node) {
        if (node.raw() != null && node.raw().isNumber()) {
            throw node.error("must be `host:port`, not a bare number", FIX);
        }
        String text = node.text().strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw node.error("`" + text + "` is not `host:port`", FIX);
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw node.error("`" + text + "`: an IPv6 host needs brackets",
                    "write host:port as `\"[" + host + "]:" + portText + "\"` (quoted for YAML)");
        }
        if (host.isBlank()) {
            throw node.error("`" + text + "` has no host", FIX);
        }
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
            throw node.error("`" + text + "`: port must be 1-65535 (or 0 for any free port)", FIX);
        }
        return new ListenAddress(host, Integer.parseInt(portText));
    }
}
