package io.bulwark.config;

/**
 * The smallest bulwark.yaml the loader accepts (one authorization server, one gateway with one API), for tests of one
 * section: they add theirs after it and write placeholder files for the paths it names (tls/as.crt, tls/as.key, bank.yaml).
 */
final class MinimalConfig {

    static final String YAML = """
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
}
