package io.bulwark.http;

import java.util.Map;

/** Headers set on every response Bulwark sends, whatever its status: HSTS and content-sniffing/framing defences. */
public final class SecurityHeaders {

    /** Name and value of each header, in the order they are written. */
    public static final Map<String, String> ALL = Map.of(
            // RFC 6797 §6.1: one year, and every subdomain, since Bulwark only ever speaks TLS.
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }
}
