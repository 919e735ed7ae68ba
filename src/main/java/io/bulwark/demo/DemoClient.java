package io.bulwark.demo;

import java.nio.file.Path;
import java.util.Set;

/**
 * A demo client whose credentials are written to {@code demo/clients/<id>.json}.
 *
 * @param file             where its credentials (private JWKs, or its certificate's paths) are
 * @param authMethod       how it authenticates: {@code private_key_jwt} or {@code tls_client_auth}
 * @param senderConstraint what its tokens are bound to: {@code dpop} or {@code mtls}
 */
public record DemoClient(String clientId, String description, Set<String> scopes, Path file, String authMethod,
                         String senderConstraint) {

    public DemoClient {
        scopes = Set.copyOf(scopes);
    }
}
