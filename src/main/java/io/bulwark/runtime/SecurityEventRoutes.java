package io.bulwark.runtime;

import io.bulwark.events.SecurityEventStream;
import io.bulwark.events.http.SecurityEventStreamHandler;
import io.vertx.ext.web.Router;

import java.time.Duration;

/** The live security event stream on the management listener: {@code GET /events/stream} (Server-Sent Events). */
final class SecurityEventRoutes implements ManagementRoutes {

    static final String PATH = "/events/stream";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final SecurityEventStream stream;

    SecurityEventRoutes(SecurityEventStream stream) {
        this.stream = stream;
    }

    @Override
    public void mount(Router router) {
        router.get(PATH).handler(new SecurityEventStreamHandler(stream, HEARTBEAT, WRITE_TIMEOUT));
    }
}
