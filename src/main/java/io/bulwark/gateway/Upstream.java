package io.bulwark.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        private final Optional<Instant> retryAt;

        /** @param retryAt when an open circuit may be tried again; empty when the call itself failed */
        private UpstreamException(String message, boolean timedOut, Optional<Instant> retryAt, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
            this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
        }

        /** The failure of a call that was made: it timed out, or the upstream could not be reached or answered badly. */
        public static UpstreamException failed(String message, boolean timedOut, Throwable cause) {
            return new UpstreamException(message, timedOut, Optional.empty(), cause);
        }

        /** The failure of a call refused because the upstream's circuit is open until {@code retryAt}. */
        public static UpstreamException circuitOpen(Instant retryAt) {
            return new UpstreamException("circuit open until " + retryAt, false, Optional.of(retryAt), null);
        }

        public boolean timedOut() {
            return timedOut;
        }

        public boolean circuitOpen() {
            return retryAt.isPresent();
        }

        public Optional<Instant> retryAt() {
            return retryAt;
        }
    }
}
