package io.bulwark.gateway;

import java.util.List;
import java.util.Map;

/** Port: one upstream API, reached by the proxy step. */
public interface Upstream {

    /**
     * Sends the request and returns the upstream's answer.
     *
     * @throws UpstreamException when the upstream cannot be reached or does not answer in time
     */
    GatewayResponse send(Request request) throws UpstreamException;

    /**
     * A request to forward.
     *
     * @param pathAndQuery the path relative to the upstream's base URL, with the raw query if any
     */
    record Request(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** The upstream failed; {@code timedOut} tells a timeout (504) from other failures (502). */
    final class UpstreamException extends Exception {
        private final boolean timedOut;

        public UpstreamException(String message, boolean timedOut, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }
}
