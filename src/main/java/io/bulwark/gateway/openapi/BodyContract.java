package io.bulwark.gateway.openapi;

import java.util.Map;

/**
 * A declared request body.
 *
 * @param required whether a request must carry one
 * @param media    the accepted media ranges, lower-cased, each with its schema
 */
public record BodyContract(boolean required, Map<String, MediaContract> media) {

    public BodyContract {
        media = Map.copyOf(media);
    }
}
