package io.bulwark.demo;

import java.nio.file.Path;
import java.util.Set;

/**
 * A demo client whose credentials are written to {@code demo/clients/<id>.json}.
 *
 * @param file where its credentials (with the private JWK) are
 */
public record DemoClient(String clientId, String description, Set<String> scopes, Path file) {

    public DemoClient {
        scopes = Set.copyOf(scopes);
    }
}
