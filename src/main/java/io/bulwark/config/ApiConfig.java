package io.bulwark.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One API behind the gateway: its OpenAPI document declares the operations (anything else is
 * refused) and their scopes; its purpose and owner team say why it is open and who answers for it.
 *
 * @param name     a short unique name (used in logs and events)
 * @param basePath the path prefix clients call, for example {@code /bank/v1}
 * @param openapi  the OpenAPI 3.0/3.1 document (YAML or JSON)
 * @param upstream where and how the gateway forwards
 * @param acceptBearerTokens whether access tokens without {@code cnf} are let through; false by
 *                 default, since FAPI 2.0 SP §5.3.4 has resource servers accept only sender-constrained tokens
 * @param purpose   why the API is open and what data it serves (GDPR Art. 5(1)(b) purpose limitation; read by the inventory)
 * @param ownerTeam the team that answers for the API
 * @param cors      which browser origins may call it across origins; empty: none, and no {@code Access-Control-*} header
 */
public record ApiConfig(String name, String basePath, Path openapi, UpstreamConfig upstream, boolean acceptBearerTokens,
                        String purpose, String ownerTeam, Optional<CorsConfig> cors) {

    public ApiConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(openapi, "openapi");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(ownerTeam, "ownerTeam");
        Objects.requireNonNull(cors, "cors");
    }
}
