package io.bulwark.gateway.openapi;

import java.nio.file.Path;

/** An OpenAPI document the gateway cannot serve from, with the file and the place in it. */
public final class InvalidOpenApiException extends RuntimeException {

    public InvalidOpenApiException(Path file, String where, String problem) {
        super(file + (where.isEmpty() ? "" : ": " + where) + ": " + problem);
    }
}
