package io.bulwark.gateway.openapi;

import java.util.Map;

/**
 * A declared response of one status (or range, or {@code default}).
 *
 * @param media its media ranges, lower-cased, each with its schema; empty when the response has no body
 */
public record ResponseContract(Map<String, MediaContract> media) {

    public ResponseContract {
        media = Map.copyOf(media);
    }
}
