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

    /**
     * The upstream failed: a timeout (504), its circuit is open (503, {@code retryAt} says when it
     * may be tried again), or it could not be reached (502).
     */
    final class UpstreamException extends Exception {
        private final boolean timedOut;
        private final java.time.Instant retryAt;

        public UpstreamException(String message, boolean timedOut, Throwable cause) {
            this(message, timedOut, null, cause);
        }

        private UpstreamException(String message, boolean timedOut, java.time.Instant retryAt, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
            this.retryAt = retryAt;
        }

        /** The failure of a call refused because the upstream's circuit is open until {@code retryAt}. */
        public static UpstreamException circuitOpen(java.time.Instant retryAt) {
            return new UpstreamException("circuit open until " + retryAt, false, retryAt, null);
        }

        public boolean timedOut() {
            return timedOut;
        }

        public boolean circuitOpen() {
            return retryAt != null;
        }

        public java.time.Instant retryAt() {
            return retryAt;
        }
    }
}
