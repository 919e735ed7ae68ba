package io.bulwark.server;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Creates the Vert.x instance every Bulwark process runs on, with Netty's native epoll transport
 * where the platform has it (Linux x86_64), and Java NIO elsewhere.
 */
public final class VertxRuntime {

    private VertxRuntime() {
    }

    /**
     * A new Vert.x instance. Native epoll matters here because request code runs on virtual threads:
     * every response they write wakes an event loop, and NIO's selector wake-up (a pipe write under a
     * lock) was the largest single self-time entry in the gateway's profile (docs/PERFORMANCE.md).
     */
    public static Vertx create() {
        return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    }
}
