package io.bulwark.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One API behind the gateway: its OpenAPI document declares the operations (anything else is
 * refused) and their scopes.
 *
 * @param name     a short unique name (used in logs and events)
 * @param basePath the path prefix clients call, for example {@code /bank/v1}
 * @param openapi  the OpenAPI 3.0/3.1 document (YAML or JSON)
 * @param upstream where and how the gateway forwards
 * @param acceptBearerTokens whether access tokens without {@code cnf} are let through; false by
 *                 default, since FAPI 2.0 SP §5.3.4 has resource servers accept only sender-constrained tokens
 */
public record ApiConfig(String name, String basePath, Path openapi, UpstreamConfig upstream, boolean acceptBearerTokens) {

    public ApiConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(openapi, "openapi");
        Objects.requireNonNull(upstream, "upstream");
    }

    /** An API that accepts only sender-constrained tokens. */
    public ApiConfig(String name, String basePath, Path openapi, UpstreamConfig upstream) {
        this(name, basePath, openapi, upstream, false);
    }
}
