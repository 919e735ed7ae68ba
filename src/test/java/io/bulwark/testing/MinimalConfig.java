package io.bulwark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest bulwark.yaml the loader accepts (one authorization server, one gateway with one API), for tests of one
 * section or one command: they add theirs to it, after {@link #placeholders} wrote the files it names.
 */
public final class MinimalConfig {

    public static final String YAML = """
            authorization-server:
              issuer: https://auth.example.com
              listen: 127.0.0.1:8443
              tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
            gateway:
              listen: 127.0.0.1:9443
              tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
              audience: https://api.example.com
              apis:
                - name: bank
                  base-path: /bank/v1
                  purpose: test API
                  owner-team: test-team
                  openapi: bank.yaml
                  upstream:
                    url: https://bank.internal
                    client-identity: {certificate-chain: tls/as.crt, private-key: tls/as.key}
                    trusted-ca: tls/as.crt
            """;

    private MinimalConfig() {
    }

    /** Writes placeholder files for the paths {@link #YAML} names (tls/as.crt, tls/as.key, bank.yaml) and {@code more}. */
    public static void placeholders(Path dir, String... more) throws IOException {
        Files.createDirectories(dir.resolve("tls"));
        for (String file : java.util.stream.Stream.concat(java.util.stream.Stream.of("tls/as.crt", "tls/as.key", "bank.yaml"),
                java.util.Arrays.stream(more)).toList()) {
            Files.writeString(dir.resolve(file), "placeholder");
        }
    }
}
