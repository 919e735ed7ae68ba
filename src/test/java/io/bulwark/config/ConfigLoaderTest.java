package io.bulwark.config;

import io.bulwark.testing.TestConfigs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    /** Every file {@link #VALID} refers to, created as placeholders: the loader checks presence, not content. */
    private static final List<String> PLACEHOLDERS = List.of("tls/as.crt", "tls/as.key", "tls/gw.crt", "tls/gw.key", "tls/ca.pem",
            "tls/up.crt", "tls/up.key", "tls/bank-ca.pem", "apis/bank.yaml", "apis/cards.json");

    private static final String VALID = """
            data-dir: state
            master-key:
              env: TEST_MASTER_KEY
              file: secrets/master.key
            store:
              kind: embedded
            authorization-server:
              issuer: https://auth.example.com
              listen: 127.0.0.1:8443
              tls:
                certificate-chain: tls/as.crt
                private-key: tls/as.key
              access-token-lifetime: 10m
            gateway:
              listen: "[::]:9443"
              tls:
                certificate-chain: tls/gw.crt
                private-key: tls/gw.key
              audience: https://api.example.com
              trusted-ca: tls/ca.pem
              apis:
                - name: bank
                  base-path: /bank/v1
                  purpose: account information for partners
                  owner-team: open-banking
                  openapi: apis/bank.yaml
                  upstream:
                    url: https://bank.internal:8444/core
                    client-identity:
                      certificate-chain: tls/up.crt
                      private-key: tls/up.key
                    trusted-ca: tls/bank-ca.pem
                    timeout: 15s
                    connect-timeout: 2s
                - name: cards
                  base-path: /cards/v2
                  purpose: test API
                  owner-team: test-team
                  openapi: apis/cards.json
                  upstream:
                    url: https://cards.internal
                    client-identity:
                      certificate-chain: tls/up.crt
                      private-key: tls/up.key
                    trusted-ca: tls/bank-ca.pem
            clients:
              - client-id: partner
                name: Partner Ltd
                auth-method: private_key_jwt
                jwks-file: clients/partner.jwks.json
                scopes: [accounts:read, payments:write]
              - client-id: second
                jwks-file: clients/partner.jwks.json
                scopes:
                  - balances:read
                  - custom_scope
            """;

    private static ECKey clientKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateClientKey() throws JOSEException {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("partner-1").generate();
    }

    @BeforeEach
    void createReferencedFiles() throws IOException {
        for (String placeholder : PLACEHOLDERS) {
            placeholder(dir.resolve(placeholder));
        }
        writeJwks(dir.resolve("clients/partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
    }

    @Test
    void validConfigurationLoadsIntoRecords() throws IOException {
        Path file = write(VALID);

        BulwarkConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.source()).contains(file.toAbsolutePath().normalize());
        assertThat(config.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.masterKey()).isEqualTo(new MasterKeyConfig("TEST_MASTER_KEY", dir.resolve("secrets/master.key")));
        assertThat(config.store()).isEqualTo(StoreConfig.embedded());
        assertThat(config.authorizationServer()).isEqualTo(TestConfigs.authorizationServer(URI.create("https://auth.example.com"),
                new ListenAddress("127.0.0.1", 8443), new TlsFiles(dir.resolve("tls/as.crt"), dir.resolve("tls/as.key")),
                Duration.ofMinutes(10)));

        GatewayConfig gateway = config.gateway();
        assertThat(gateway.listen()).isEqualTo(new ListenAddress("::", 9443));
        assertThat(gateway.tls()).isEqualTo(new TlsFiles(dir.resolve("tls/gw.crt"), dir.resolve("tls/gw.key")));
        assertThat(gateway.audience()).isEqualTo("https://api.example.com");
        assertThat(gateway.issuer()).isEqualTo(URI.create("https://auth.example.com"));
        assertThat(gateway.jwksUri()).isEqualTo(URI.create("https://auth.example.com/jwks"));
        assertThat(gateway.trustedCa()).contains(dir.resolve("tls/ca.pem"));
        TlsFiles upstreamIdentity = new TlsFiles(dir.resolve("tls/up.crt"), dir.resolve("tls/up.key"));
        assertThat(gateway.apis()).containsExactly(
                TestConfigs.api("bank", "/bank/v1", dir.resolve("apis/bank.yaml"), new UpstreamConfig(
                        URI.create("https://bank.internal:8444/core"), upstreamIdentity, dir.resolve("tls/bank-ca.pem"),
                        Duration.ofSeconds(15), Duration.ofSeconds(2)), "account information for partners", "open-banking"),
                TestConfigs.api("cards", "/cards/v2", dir.resolve("apis/cards.json"), TestConfigs.upstream(
                        URI.create("https://cards.internal"), upstreamIdentity, dir.resolve("tls/bank-ca.pem"), Duration.ofSeconds(30)),
                        "test API", "test-team"));

        String publicJwks = new JWKSet(clientKey.toPublicJWK()).toString();
        assertThat(config.clients()).containsExactly(
                TestConfigs.machineClient("partner", "Partner Ltd", "private_key_jwt", publicJwks, Set.of("accounts:read", "payments:write")),
                TestConfigs.machineClient("second", "second", "private_key_jwt", publicJwks, Set.of("balances:read", "custom_scope")));
    }

    @Test
    void omittedKeysTakeTheirDefaults() throws IOException {
        Path file = write("""
                authorization-server:
                  issuer: https://auth.example.com/
                  listen: 0.0.0.0:0
                  tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
                gateway:
                  listen: localhost:9443
                  tls: {certificate-chain: tls/gw.crt, private-key: tls/gw.key}
                  audience: bank-api
                  apis:
                    - name: bank
                      base-path: /bank/v1
                      purpose: test API
                      owner-team: test-team
                      openapi: apis/bank.yaml
                      upstream:
                        url: https://bank.internal
                        client-identity: {certificate-chain: tls/up.crt, private-key: tls/up.key}
                        trusted-ca: tls/bank-ca.pem
                """);

        BulwarkConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.dataDir()).isEqualTo(dir.resolve("bulwark-data"));
        assertThat(config.masterKey()).isEqualTo(new MasterKeyConfig("BULWARK_MASTER_KEY", dir.resolve("bulwark-data/master.key")));
        assertThat(config.store()).isEqualTo(StoreConfig.embedded());
        assertThat(config.authorizationServer().listen().port()).isZero();
        assertThat(config.authorizationServer().accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.gateway().issuer()).isEqualTo(URI.create("https://auth.example.com/"));
        assertThat(config.gateway().jwksUri()).isEqualTo(URI.create("https://auth.example.com/jwks"));
        assertThat(config.gateway().trustedCa()).isEmpty();
        assertThat(config.gateway().apis().getFirst().upstream().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.gateway().apis().getFirst().upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.clients()).isEmpty();
    }

    @Test
    void gatewayMayTrustAnotherIssuerAndKeyLocation() throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(edit("  trusted-ca: tls/ca.pem\n",
                "  trusted-ca: tls/ca.pem\n  issuer: https://idp.example.org/tenant\n"
                        + "  jwks-uri: https://keys.example.org/tenant.jwks\n")), Map.of());

        assertThat(config.gateway().issuer()).isEqualTo(URI.create("https://idp.example.org/tenant"));
        assertThat(config.gateway().jwksUri()).isEqualTo(URI.create("https://keys.example.org/tenant.jwks"));
    }

    @Test
    void gatewayJwksDefaultFollowsTheGatewaysIssuer() throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(edit("  trusted-ca: tls/ca.pem\n",
                "  trusted-ca: tls/ca.pem\n  issuer: https://idp.example.org/tenant\n")), Map.of());

        assertThat(config.gateway().jwksUri()).isEqualTo(URI.create("https://idp.example.org/tenant/jwks"));
    }

    @Test
    void absolutePathsAreTakenAsWritten() throws IOException {
        Path elsewhere = placeholder(dir.resolve("elsewhere/bank.openapi.json"));

        BulwarkConfig config = ConfigLoader.load(write(edit("openapi: apis/bank.yaml", "openapi: " + elsewhere)), Map.of());

        assertThat(config.gateway().apis().getFirst().openapi()).isEqualTo(elsewhere);
    }

    @Test
    void inlineJwksIsAccepted() throws IOException {
        String inline = new JWKSet(clientKey.toPublicJWK()).toString();

        // JSON is YAML, so the JWK Set can be pasted inline as it is.
        BulwarkConfig config = ConfigLoader.load(write(edit("    jwks-file: clients/partner.jwks.json\n    scopes: [",
                "    jwks: " + inline + "\n    scopes: [")), Map.of());

        assertThat(config.clients().getFirst().jwksJson()).isEqualTo(inline);
    }

    @Test
    void postgresStoreReadsItsPasswordFromTheNamedVariable() throws IOException {
        Path file = write(edit("  kind: embedded\n", """
                  kind: postgres
                  url: jdbc:postgresql://db.internal:5432/bulwark
                  username: bulwark
                  password-env: DB_PASSWORD
                """));

        StoreConfig store = ConfigLoader.load(file, Map.of("DB_PASSWORD", "hunter2")).store();

        assertThat(store).isEqualTo(
                new StoreConfig(StoreConfig.Kind.POSTGRES, "jdbc:postgresql://db.internal:5432/bulwark", "bulwark", "hunter2"));
        assertThat(store.toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @CsvSource({"30m, PT30M", "1h, PT1H", "PT5M, PT5M", "90s, PT1M30S", "60000ms, PT1M", "pt15m, PT15M"})
    void durationsAcceptShortAndIsoForms(String written, Duration expected) throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(edit("access-token-lifetime: 10m", "access-token-lifetime: " + written)), Map.of());

        assertThat(config.authorizationServer().accessTokenLifetime()).isEqualTo(expected);
    }

    /** The example shipped in {@code config/} must load as it is, given the files it names. */
    @Nested
    class ShippedExample {

        private static final List<String> REFERENCED_FILES = List.of("tls/auth-server.crt", "tls/auth-server.key", "tls/gateway.crt",
                "tls/gateway.key", "tls/internal-ca.pem", "apis/bank.openapi.yaml", "tls/gateway-to-bank.crt", "tls/gateway-to-bank.key",
                "tls/bank-ca.pem");
        private static final String JWKS_FILE = "clients/fintech-partner.jwks.json";

        private final Path projectDir = Path.of(System.getProperty("bulwark.project.dir", System.getProperty("user.dir")));

        @Test
        void loads() throws IOException {
            BulwarkConfig config = ConfigLoader.load(copyExample(Files.readString(projectDir.resolve("config/bulwark.yaml"))), Map.of());

            Path folder = dir.resolve("config");
            assertThat(config.dataDir()).isEqualTo(folder.resolve("bulwark-data"));
            assertThat(config.masterKey()).isEqualTo(new MasterKeyConfig("BULWARK_MASTER_KEY", folder.resolve("bulwark-data/master.key")));
            assertThat(config.store().kind()).isEqualTo(StoreConfig.Kind.EMBEDDED);
            assertThat(config.authorizationServer().issuer()).isEqualTo(URI.create("https://auth.example.com"));
            assertThat(config.authorizationServer().accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.gateway().jwksUri()).isEqualTo(URI.create("https://auth.example.com/jwks"));
            ApiConfig bank = config.gateway().apis().getFirst();
            assertThat(config.gateway().apis()).hasSize(1);
            assertThat(bank.name()).isEqualTo("bank");
            assertThat(bank.basePath()).isEqualTo("/bank/v1");
            assertThat(bank.openapi()).isEqualTo(folder.resolve("apis/bank.openapi.yaml"));
            assertThat(bank.upstream().url().getScheme()).isEqualTo("https");
            assertThat(bank.purpose()).startsWith("account information and payment initiation");
            assertThat(bank.ownerTeam()).isEqualTo("open-banking-platform");
            assertThat(bank.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.clients()).singleElement().satisfies(client -> {
                assertThat(client.clientId()).isEqualTo("fintech-partner");
                assertThat(client.authMethod()).isEqualTo("private_key_jwt");
                assertThat(client.scopes()).contains("accounts:read");
                assertThat(client.redirectUris()).containsExactly("https://app.example.com/callback");
                assertThat(client.authorizationDetailsTypes()).containsExactly("account_information");
            });
            assertThat(config.management()).isEqualTo(ManagementConfig.loopback(9000));
            // The example starts observing, as a new deployment should, with one rule to show the form.
            assertThat(config.anomaly().responses().mode()).isEqualTo(AnomalyResponseConfig.Mode.OBSERVE);
            assertThat(config.anomaly().responses().rules()).hasSize(1);
        }

        @Test
        void commentedPostgresAlternativeLoads() throws IOException {
            String example = Files.readString(projectDir.resolve("config/bulwark.yaml"));
            Matcher commented = Pattern.compile("(?m)^  # ((kind|url|username|password-env): .*)$").matcher(example);
            String switched = commented.replaceAll("  $1");
            assertThat(switched.lines().filter(line -> line.matches("  (kind: postgres|url: jdbc:.*|username: .*|password-env: .*)")))
                    .hasSize(4);
            switched = switched.replaceFirst("(?m)^  kind: embedded\\n", "");

            StoreConfig store = ConfigLoader.load(copyExample(switched), Map.of("BULWARK_DB_PASSWORD", "s3cret")).store();

            assertThat(store.kind()).isEqualTo(StoreConfig.Kind.POSTGRES);
            assertThat(store.jdbcUrl()).startsWith("jdbc:postgresql://");
            assertThat(store.password()).isEqualTo("s3cret");
        }

        @Test
        void readmeNamesEveryReferencedFile() throws IOException {
            String readme = Files.readString(projectDir.resolve("config/README.md"));

            assertThat(readme).contains(REFERENCED_FILES).contains(JWKS_FILE).contains("./bulwark serve --config config/bulwark.yaml")
                    .contains("openssl rand -base64 32 > master.key && chmod 600 master.key");
        }

        /** Copies the example to a temporary config folder and creates the files it names, as an operator would. */
        private Path copyExample(String text) throws IOException {
            Path folder = dir.resolve("config");
            for (String file : REFERENCED_FILES) {
                placeholder(folder.resolve(file));
            }
            writeJwks(folder.resolve(JWKS_FILE), new JWKSet(clientKey.toPublicJWK()).toString());
            Path copy = folder.resolve("bulwark.yaml");
            Files.writeString(copy, text);
            return copy;
        }
    }

    /** Clients of the authorization-code flow: redirect URIs (https, exact) and RFC 9396 types. */
    @Nested
    class AuthorizationCodeClients {

        private static final String PARTNER_SCOPES = "scopes: [accounts:read, payments:write]";

        private String withPartnerLines(String lines) {
            return edit(PARTNER_SCOPES, PARTNER_SCOPES + "\n" + lines);
        }

        @Test
        void redirectUrisAndAuthorizationDetailsTypesAreRead() throws IOException {
            BulwarkConfig config = ConfigLoader.load(write(withPartnerLines(
                    "    redirect-uris: [https://app.example.com/callback, \"https://app.example.com/cb?tenant=7\"]\n"
                    + "    authorization-details-types: [account_information, payment_initiation]")), Map.of());

            ClientConfig partner = config.clients().getFirst();
            assertThat(partner.redirectUris()).containsExactly("https://app.example.com/callback", "https://app.example.com/cb?tenant=7");
            assertThat(partner.authorizationDetailsTypes()).containsExactlyInAnyOrder("account_information", "payment_initiation");
            assertThat(config.clients().get(1).redirectUris()).isEmpty();
            assertThat(config.clients().get(1).authorizationDetailsTypes()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "http://app.example.com/callback|must be an absolute https URL",
                "/callback|must be an absolute https URL",
                "https://app.example.com/callback#done|must not have a fragment",
                "https://user:pw@app.example.com/callback|must not carry user info",
                "'https://app.example.com/a b'|is not a valid URL"})
        void aRedirectUriThatIsNotAnExactHttpsUrlIsRefused(String uri, String problem) throws IOException {
            refused(withPartnerLines("    redirect-uris: [" + uri + "]"), "clients[0].redirect-uris[0]", problem, "https URL");
        }

        @Test
        void aClientsJwksUriAndAccessTokenLifetimeAreRead() throws IOException {
            BulwarkConfig config = ConfigLoader.load(write(edit("    jwks-file: clients/partner.jwks.json\n    scopes: [",
                    "    jwks-uri: https://partner.example.com/jwks.json\n    access-token-lifetime: 15m\n    scopes: [")), Map.of());

            ClientConfig partner = config.clients().getFirst();
            assertThat(partner.jwksUri()).hasToString("https://partner.example.com/jwks.json");
            assertThat(partner.jwksJson()).isEqualTo("{\"keys\":[]}");
            assertThat(partner.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
            assertThat(config.clients().get(1).accessTokenLifetime()).isNull();
            assertThat(config.clients().get(1).jwksUri()).isNull();
        }

        @Test
        void aClientsJwksUriWithInlineKeysIsRefused() throws IOException {
            refused(withPartnerLines("    jwks-uri: https://partner.example.com/jwks.json"), "clients[0].jwks-uri",
                    "cannot be combined with `jwks` or `jwks-file`", "keep one");
            refused(edit("    jwks-file: clients/partner.jwks.json\n    scopes: [", "    jwks-uri: http://partner.example.com/jwks\n    scopes: ["),
                    "clients[0].jwks-uri", "must be https", "https URL where the client publishes");
        }

        @ParameterizedTest
        @CsvSource({"2h", "30s"})
        void aClientsAccessTokenLifetimeOutsideOneMinuteToOneHourIsRefused(String lifetime) throws IOException {
            refused(withPartnerLines("    access-token-lifetime: " + lifetime), "clients[0].access-token-lifetime", "", "short-lived");
        }

        @Test
        void aRepeatedRedirectUriIsRefused() throws IOException {
            refused(withPartnerLines("    redirect-uris: [https://app.example.com/cb, https://app.example.com/cb]"),
                    "clients[0].redirect-uris[1]", "is already used at clients[0].redirect-uris[0]", "list each redirect URI once");
        }

        @Test
        void anUnknownAuthorizationDetailsTypeIsRefusedWithASuggestion() throws IOException {
            refused(withPartnerLines("    authorization-details-types: [acount_information]"), "clients[0].authorization-details-types[0]",
                    "`acount_information` is not an authorization details type Bulwark knows", "did you mean `account_information`?");
        }
    }

    @Nested
    class Refuses {

        @Test
        void unknownKeyWithTheClosestKnownOne() throws IOException {
            refused(edit("gateway:\n", "gatway:\n"), "gatway", "unknown key `gatway`", "did you mean `gateway`?");
        }

        @Test
        void unknownNestedKeyListingTheKnownOnes() throws IOException {
            refused(edit("        timeout: 15s\n", "        timeout: 15s\n        retries: 3\n"), "gateway.apis[0].upstream.retries",
                    "unknown key `retries`", "allowed here: url, client-identity, trusted-ca, timeout");
        }

        @Test
        void missingRequiredKey() throws IOException {
            refused(edit("  audience: https://api.example.com\n", ""), "gateway.audience",
                    "required key `audience` is missing", "add `audience` under `gateway`");
        }

        @Test
        void missingSection() throws IOException {
            String withoutServer = VALID.substring(0, VALID.indexOf("authorization-server:")) + VALID.substring(VALID.indexOf("gateway:"));

            refused(withoutServer, "authorization-server", "required key `authorization-server` is missing", "at the top level");
        }

        @Test
        void keyWithoutValue() throws IOException {
            refused(edit("issuer: https://auth.example.com", "issuer:"), "authorization-server.issuer", "has no value", "https://");
        }

        @Test
        void listWrittenAsString() throws IOException {
            refused(edit("scopes: [accounts:read, payments:write]", "scopes: accounts:read"), "clients[0].scopes",
                    "must be a list, not a string", "- ");
        }

        @Test
        void numberWhereAStringBelongs() throws IOException {
            refused(edit("- name: cards", "- name: 42"), "gateway.apis[1].name", "must be a string, not a number", "quote");
        }

        @Test
        void yamlSyntaxErrorWithLineAndColumn() throws IOException {
            String yaml = edit("  audience: https://api.example.com\n", "  audience: api: example\n");
            int line = lineOf(yaml, "  audience: api: example");

            ConfigException error = refused(yaml, "gateway.audience", "YAML syntax error at line " + line + ", column 16", "indentation");
            assertThat(error.problem()).contains("mapping values are not allowed here");
        }

        @Test
        void keyWrittenTwice() throws IOException {
            String yaml = edit("  audience: https://api.example.com\n",
                    "  audience: https://api.example.com\n  audience: https://other.example.com\n");

            refused(yaml, "gateway.audience", "key written twice at line " + lineOf(yaml, "  audience: https://other.example.com"), "keep one");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "30s        | is outside the allowed range 1m to 1h | FAPI 2.0",
                "2h         | is outside the allowed range 1m to 1h | FAPI 2.0",
                "300        | has no unit                           | `5m`",
                "5 minutes  | is not a duration                     | `PT5M`",
                "PT-5M      | is outside the allowed range          | short-lived"})
        void accessTokenLifetimeOutsideFapiBounds(String written, String problem, String fix) throws IOException {
            refused(edit("access-token-lifetime: 10m", "access-token-lifetime: " + written), "authorization-server.access-token-lifetime",
                    problem, fix);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "127.0.0.1:70000 | port must be 1-65535 (or 0 for any free port)",
                "127.0.0.1:http  | port must be 1-65535",
                "localhost       | is not `host:port`",
                "\":8443\"         | is not `host:port`",
                "8443            | bare number",
                "fe80::1:8443    | an IPv6 host needs brackets"})
        void malformedListenAddress(String written, String problem) throws IOException {
            refused(edit("listen: 127.0.0.1:8443", "listen: " + written), "authorization-server.listen", problem, "host:port");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "http://auth.example.com            | must be https, not `http`",
                "https://auth.example.com?tenant=1  | must not have a query component",
                "https://auth.example.com#top       | must not have a fragment component",
                "auth.example.com                   | must be an absolute https URL",
                "https://user:pw@auth.example.com   | must not carry user info",
                "https:///path                      | has no host"})
        void issuerThatIsNotAnRfc8414Identifier(String written, String problem) throws IOException {
            refused(edit("issuer: https://auth.example.com", "issuer: " + written), "authorization-server.issuer", problem, "RFC 8414 §2");
        }

        @Test
        void plainHttpUpstream() throws IOException {
            refused(edit("url: https://bank.internal:8444/core", "url: http://bank.internal:8080/core"), "gateway.apis[0].upstream.url",
                    "must be https, not `http`", "https://");
        }

        @Test
        void plainHttpJwksUri() throws IOException {
            refused(edit("  trusted-ca: tls/ca.pem\n", "  trusted-ca: tls/ca.pem\n  jwks-uri: http://auth.example.com/jwks\n"),
                    "gateway.jwks-uri", "must be https", "JWK Set");
        }

        @Test
        void basePathWithoutLeadingSlash() throws IOException {
            refused(edit("base-path: /bank/v1", "base-path: bank/v1"), "gateway.apis[0].base-path", "must start with `/`", "`/bank/v1`");
        }

        @Test
        void basePathWithTrailingSlash() throws IOException {
            refused(edit("base-path: /bank/v1", "base-path: /bank/v1/"), "gateway.apis[0].base-path", "must not end with `/`",
                    "write `/bank/v1`");
        }

        @Test
        void basePathThatIsOnlyASlash() throws IOException {
            refused(edit("base-path: /bank/v1", "base-path: /"), "gateway.apis[0].base-path", "would claim every path", "a prefix of its own");
        }

        @Test
        void basePathWithDotSegment() throws IOException {
            refused(edit("base-path: /bank/v1", "base-path: /bank/../admin"), "gateway.apis[0].base-path", "is not a plain path prefix",
                    "/bank/v1");
        }

        @Test
        void duplicateBasePath() throws IOException {
            refused(edit("base-path: /cards/v2", "base-path: /bank/v1"), "gateway.apis[1].base-path",
                    "`/bank/v1` is already used at gateway.apis[0].base-path", "own base path");
        }

        @Test
        void duplicateApiName() throws IOException {
            refused(edit("- name: cards", "- name: bank"), "gateway.apis[1].name", "`bank` is already used at gateway.apis[0].name", "own name");
        }

        @Test
        void apiWithoutPurpose() throws IOException {
            refused(edit("purpose: account information for partners\n      ", ""), "gateway.apis[0].purpose",
                    "required key `purpose` is missing", "why the API is open and what data it serves");
        }

        @Test
        void apiWithAnEmptyPurpose() throws IOException {
            refused(edit("purpose: account information for partners", "purpose: \"  \""), "gateway.apis[0].purpose",
                    "is an empty string", "write a value");
        }

        @Test
        void apiWithANullPurpose() throws IOException {
            refused(edit("purpose: account information for partners", "purpose:"), "gateway.apis[0].purpose",
                    "`purpose` has no value", "GDPR Art. 5(1)(b)");
        }

        @Test
        void apiWithoutOwnerTeam() throws IOException {
            refused(edit("owner-team: open-banking\n      ", ""), "gateway.apis[0].owner-team",
                    "required key `owner-team` is missing", "the team that answers for this API");
        }

        @Test
        void apiWithAnEmptyOwnerTeam() throws IOException {
            refused(edit("owner-team: open-banking", "owner-team: ''"), "gateway.apis[0].owner-team", "is an empty string", "write a value");
        }

        @Test
        void upstreamConnectTimeoutOutOfRange() throws IOException {
            refused(edit("connect-timeout: 2s", "connect-timeout: 5m"), "gateway.apis[0].upstream.connect-timeout",
                    "outside the allowed range", "unreachable upstream");
        }

        @Test
        void corsWithTheWildcardOrigin() throws IOException {
            declareBankOperations();
            refused(withCors("allowed-origins: ['*']"), "gateway.apis[0].cors.allowed-origins[0]",
                    "`*` would let every web site's scripts call this API", "FAPI clients are not browsers");
        }

        @Test
        void corsWithAPlainHttpOrigin() throws IOException {
            declareBankOperations();
            refused(withCors("allowed-origins: [http://app.example.com]"), "gateway.apis[0].cors.allowed-origins[0]",
                    "is not an https origin", "write it with https");
        }

        @Test
        void corsOriginNotWrittenAsBrowsersSendIt() throws IOException {
            declareBankOperations();
            refused(withCors("allowed-origins: ['https://App.example.com:443']"), "gateway.apis[0].cors.allowed-origins[0]",
                    "not written as browsers send it", "write `https://app.example.com`");
            refused(withCors("allowed-origins: ['https://app.example.com/']"), "gateway.apis[0].cors.allowed-origins[0]",
                    "is not an origin", "not even a trailing `/`");
        }

        @Test
        void corsMethodTheDocumentDoesNotDeclare() throws IOException {
            declareBankOperations();
            refused(withCors("allowed-origins: [https://app.example.com]\n    allowed-methods: [GET, DELETE]"),
                    "gateway.apis[0].cors.allowed-methods[1]", "`DELETE` is not a method any operation of", "GET, POST");
        }

        @Test
        void corsWithoutOriginsOrWithAWildcardHeader() throws IOException {
            declareBankOperations();
            refused(withCors("allowed-origins: []"), "gateway.apis[0].cors.allowed-origins", "lists no origin", "remove `cors`");
            refused(withCors("allowed-origins: [https://app.example.com]\n    allowed-headers: ['*']"),
                    "gateway.apis[0].cors.allowed-headers[0]", "`*` is not allowed here", "name each header");
        }

        @Test
        void corsDefaultsAndAbsence() throws IOException {
            declareBankOperations();
            BulwarkConfig config = ConfigLoader.load(write(withCors("allowed-origins: [https://app.example.com, 'https://admin.example.com:8443']")),
                    Map.of());

            CorsConfig cors = config.gateway().apis().getFirst().cors().orElseThrow();
            assertThat(cors.allowedOrigins()).containsExactly("https://app.example.com", "https://admin.example.com:8443");
            assertThat(cors.allowedMethods()).containsExactlyInAnyOrder("GET", "POST");
            assertThat(cors.allowedHeaders()).containsExactly("Authorization", "DPoP", "Content-Type");
            assertThat(cors.exposedHeaders()).contains("DPoP-Nonce", "WWW-Authenticate", "Retry-After");
            assertThat(cors.maxAge()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.gateway().apis().get(1).cors()).isEmpty();
        }

        /** {@link #VALID} with a {@code cors} block (its lines at the block's indentation) on the bank API. */
        private String withCors(String body) {
            return edit("openapi: apis/bank.yaml", "openapi: apis/bank.yaml\n      cors:\n        "
                    + body.replace("\n    ", "\n        "));
        }

        private void declareBankOperations() throws IOException {
            Files.writeString(dir.resolve("apis/bank.yaml"), """
                    openapi: 3.1.0
                    paths:
                      /accounts:
                        get: {operationId: listAccounts}
                      /payments:
                        post: {operationId: initiatePayment}
                    """);
        }

        @Test
        void noApis() throws IOException {
            String yaml = VALID.substring(0, VALID.indexOf("  apis:")) + "  apis: []\n" + VALID.substring(VALID.indexOf("clients:"));

            refused(yaml, "gateway.apis", "declares no API", "at least one API");
        }

        @Test
        void missingFileNamingTheResolvedPath() throws IOException {
            Path expected = dir.resolve("apis/missing.yaml");

            refused(edit("openapi: apis/bank.yaml", "openapi: ./apis/../apis/missing.yaml"), "gateway.apis[0].openapi",
                    "file " + expected + " does not exist", "relative paths are resolved against " + dir);
        }

        @Test
        void missingTlsKeyOutsideTheConfigFolder() throws IOException {
            Path expected = dir.getParent().resolve("keys/as.key");

            refused(edit("private-key: tls/as.key", "private-key: ../keys/as.key"), "authorization-server.tls.private-key",
                    "file " + expected + " does not exist", "create it");
        }

        @Test
        void folderWhereAFileBelongs() throws IOException {
            refused(edit("trusted-ca: tls/ca.pem", "trusted-ca: tls"), "gateway.trusted-ca", dir.resolve("tls") + " is not a regular file",
                    "not a folder");
        }

        @Test
        void missingCaBundle() throws IOException {
            Files.delete(dir.resolve("tls/bank-ca.pem"));

            refused(VALID, "gateway.apis[0].upstream.trusted-ca", "file " + dir.resolve("tls/bank-ca.pem") + " does not exist", "create it");
        }

        @Test
        void duplicateClientId() throws IOException {
            refused(edit("client-id: second", "client-id: partner"), "clients[1].client-id", "`partner` is already used at clients[0].client-id",
                    "its own client-id");
        }

        @Test
        void clientNameThatWouldNotShowAsWritten() throws IOException {
            // Users read the name on the consent page: a right-to-left override would show "Partner dtL" as something else.
            refused(edit("name: Partner Ltd", "name: \"Partner \\u202EdtL\""), "clients[0].name",
                    "contains the invisible format character U+202E", "visible characters only");
            refused(edit("name: Partner Ltd", "name: \"Partner\\u200B Ltd\""), "clients[0].name", "U+200B", "visible characters only");
        }

        @Test
        void clientIdWithSpaces() throws IOException {
            refused(edit("client-id: second", "client-id: second client"), "clients[1].client-id", "is not a valid client id", "RFC 6749");
        }

        @Test
        void clientIdLongerThanTheStoreHolds() throws IOException {
            refused(edit("client-id: second", "client-id: " + "c".repeat(ClientReader.MAX_CLIENT_ID_LENGTH + 1)), "clients[1].client-id",
                    "a client id of 256 characters is too long", "use 1 to 255 visible ASCII characters");
        }

        @Test
        void authMethodOtherThanPrivateKeyJwt() throws IOException {
            refused(edit("auth-method: private_key_jwt", "auth-method: client_secret_basic"), "clients[0].auth-method",
                    "`client_secret_basic` is not supported: FAPI 2.0 (SP §5.3.2.1) accepts no client secret", "`auth-method: private_key_jwt`");
        }

        @Test
        void bothInlineJwksAndFile() throws IOException {
            refused(edit("    jwks-file: clients/partner.jwks.json\n    scopes: [",
                    "    jwks-file: clients/partner.jwks.json\n    jwks: {keys: []}\n    scopes: ["),
                    "clients[0]", "has both `jwks` and `jwks-file`", "exactly one");
        }

        @Test
        void neitherInlineJwksNorFile() throws IOException {
            refused(edit("    jwks-file: clients/partner.jwks.json\n    scopes: [", "    scopes: ["), "clients[0]",
                    "has neither `jwks` nor `jwks-file`", "jwks-file:");
        }

        @Test
        void privateKeyInJwksFile() throws IOException {
            writeJwks(dir.resolve("clients/partner.jwks.json"), new JWKSet(clientKey).toString(false));

            ConfigException error = refused(VALID, "clients[0].jwks-file", "key `partner-1` contains private key material",
                    "publish only the public key");
            assertThat(error.getMessage()).doesNotContain(clientKey.getD().toString());
        }

        @Test
        void privateKeyInlined() throws IOException {
            String inline = new JWKSet(clientKey).toString(false);

            ConfigException error = refused(
                    edit("    jwks-file: clients/partner.jwks.json\n    scopes: [", "    jwks: " + inline + "\n    scopes: ["),
                    "clients[0].jwks", "contains private key material", "publish only the public key");
            assertThat(error.getMessage()).doesNotContain(clientKey.getD().toString());
        }

        @Test
        void symmetricKeyInJwks() throws IOException, JOSEException {
            OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("shared").generate();
            writeJwks(dir.resolve("clients/partner.jwks.json"), new JWKSet(secret).toString(false));

            refused(VALID, "clients[0].jwks-file", "key `shared` contains private key material", "`oct`");
        }

        // FAPI 2.0 SP §5.4.1 and RFC 7517 §4.2, §4.4: a key the token endpoint would refuse is refused at load.
        @Test
        void weakOrNonSigningKeysAreRefused() throws IOException, JOSEException {
            writeJwks(dir.resolve("clients/partner.jwks.json"),
                    new JWKSet(new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK()).toString());
            refused(VALID, "clients[0].jwks-file", "key `weak` is an RSA key of 1024 bits", "2048 bits or more");

            writeJwks(dir.resolve("clients/partner.jwks.json"), new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("enc")
                    .keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK()).toString());
            refused(VALID, "clients[0].jwks-file", "key `enc` has `use: enc`, not `sig`", "`use: sig`");

            writeJwks(dir.resolve("clients/partner.jwks.json"), new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("es384")
                    .algorithm(JWSAlgorithm.ES384).generate().toPublicJWK()).toString());
            refused(VALID, "clients[0].jwks-file", "key `es384` has `alg: ES384`", "PS256, ES256, EdDSA");
        }

        @Test
        void jwksFileThatIsNotAJwkSet() throws IOException {
            writeJwks(dir.resolve("clients/partner.jwks.json"), "{\"kty\": \"EC\"}");

            refused(VALID, "clients[0].jwks-file", "is not a JWK Set", "RFC 7517");
        }

        @Test
        void emptyJwkSet() throws IOException {
            writeJwks(dir.resolve("clients/partner.jwks.json"), "{\"keys\": []}");

            refused(VALID, "clients[0].jwks-file", "holds no key", "public signing key");
        }

        @Test
        void invalidScopeSuggestingAKnownOne() throws IOException {
            refused(edit("[accounts:read, payments:write]", "[accounts:read, Payments:Write]"), "clients[0].scopes[1]",
                    "`Payments:Write` is not a valid scope", "did you mean `payments:write`?");
        }

        @Test
        void emptyScopeList() throws IOException {
            refused(edit("[accounts:read, payments:write]", "[]"), "clients[0].scopes", "is empty", "accounts:read");
        }

        @Test
        void unknownStoreKind() throws IOException {
            refused(edit("kind: embedded", "kind: postgresql"), "store.kind", "unknown store kind `postgresql`", "did you mean `postgres`?");
        }

        @Test
        void postgresSettingsOnAnEmbeddedStore() throws IOException {
            refused(edit("  kind: embedded\n", "  kind: embedded\n  username: bulwark\n"), "store.username", "applies only to `kind: postgres`",
                    "set `kind: postgres`");
        }

        @Test
        void postgresWithoutUsername() throws IOException {
            refused(edit("  kind: embedded\n", "  kind: postgres\n  url: jdbc:postgresql://db/bulwark\n"), "store.username",
                    "required key `username` is missing", "add `username` under `store`");
        }

        @Test
        void postgresUrlThatIsNotJdbc() throws IOException {
            refused(edit("  kind: embedded\n", "  kind: postgres\n  url: postgres://db/bulwark\n  username: bulwark\n"), "store.url",
                    "must be a PostgreSQL JDBC URL", "jdbc:postgresql://");
        }

        @Test
        void postgresPasswordInTheUrlWithoutEchoingIt() throws IOException {
            ConfigException error = refused(edit("  kind: embedded\n",
                    "  kind: postgres\n  url: jdbc:postgresql://db/bulwark?user=b&password=hunter2\n  username: bulwark\n"), "store.url",
                    "carries a password", "password-env");
            assertThat(error.getMessage()).doesNotContain("hunter2");
        }

        @Test
        void postgresPasswordVariableNotSet() throws IOException {
            refused(edit("  kind: embedded\n",
                    "  kind: postgres\n  url: jdbc:postgresql://db/bulwark\n  username: bulwark\n  password-env: DB_PASSWORD\n"),
                    "store.password-env", "environment variable `DB_PASSWORD` is not set", "set DB_PASSWORD");
        }

        @Test
        void secretWrittenWhereAVariableNameBelongs() throws IOException {
            ConfigException error = refused(edit("env: TEST_MASTER_KEY", "env: q8Zl+3xYk/9sd0=="), "master-key.env",
                    "is not an environment variable name", "not its value");
            assertThat(error.getMessage()).doesNotContain("q8Zl+3xYk/9sd0==");
        }

        @Test
        void dataDirThatIsAFile() throws IOException {
            placeholder(dir.resolve("state"));

            refused(VALID, "data-dir", dir.resolve("state") + " exists but is not a folder", "point `data-dir` to a folder");
        }

        @Test
        void missingConfigurationFile() {
            Path file = dir.resolve("nowhere.yaml");

            ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

            assertThat(error.file()).isEqualTo(file);
            assertThat(error.path()).isEmpty();
            assertThat(error.problem()).contains("does not exist");
            assertThat(error.fix()).contains("--config");
        }

        @Test
        void folderGivenAsConfigurationFile() {
            ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));

            assertThat(error.file()).isEqualTo(dir);
            assertThat(error.problem()).contains("is a folder");
            assertThat(error.fix()).contains("--config");
        }

        @Test
        void emptyFile() throws IOException {
            refused("# nothing yet\n", "", "the file is empty", "config/bulwark.yaml");
        }

        @Test
        void topLevelThatIsNotAMap() throws IOException {
            refused("- gateway\n- clients\n", "", "the top level must be a map", "config/bulwark.yaml");
        }
    }

    @Test
    void signingKeyRotationHasSafeDefaultsAndAcceptsDays() throws IOException {
        AuthorizationServerConfig defaults = ConfigLoader.load(write(VALID), Map.of()).authorizationServer();
        assertThat(defaults.signingKeyMaxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.signingKeyPublicationLead()).isEqualTo(Duration.ofMinutes(10));

        AuthorizationServerConfig chosen = ConfigLoader.load(write(edit("access-token-lifetime: 10m",
                "access-token-lifetime: 10m\n  signing-key-max-age: 30d\n  signing-key-publication-lead: PT15M")), Map.of())
                .authorizationServer();
        assertThat(chosen.signingKeyMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(chosen.signingKeyPublicationLead()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void clientJwksServersAreTrustedThroughTheJdkStoreUnlessACaBundleIsNamed() throws IOException {
        assertThat(ConfigLoader.load(write(VALID), Map.of()).authorizationServer().clientJwksTrustedCa()).isNull();

        AuthorizationServerConfig chosen = ConfigLoader.load(write(edit("access-token-lifetime: 10m",
                "access-token-lifetime: 10m\n  client-jwks-trusted-ca: tls/ca.pem")), Map.of()).authorizationServer();
        assertThat(chosen.clientJwksTrustedCa()).isEqualTo(dir.resolve("tls/ca.pem"));

        refused(edit("access-token-lifetime: 10m", "access-token-lifetime: 10m\n  client-jwks-trusted-ca: tls/partners.pem"),
                "authorization-server.client-jwks-trusted-ca", "file " + dir.resolve("tls/partners.pem") + " does not exist", "create it");
    }

    @Test
    void refreshTokensLastThirtyDaysByDefaultAndRotateOnlyWhereAClientAsks() throws IOException {
        BulwarkConfig defaults = ConfigLoader.load(write(VALID), Map.of());
        assertThat(defaults.authorizationServer().refreshTokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.clients()).extracting(ClientConfig::refreshTokenRotation).containsOnly(false);

        BulwarkConfig chosen = ConfigLoader.load(write(edit("access-token-lifetime: 10m", "access-token-lifetime: 10m\n  refresh-token-lifetime: 7d")
                .replace("scopes: [accounts:read, payments:write]", "scopes: [accounts:read, payments:write]\n    refresh-token-rotation: true")),
                Map.of());
        assertThat(chosen.authorizationServer().refreshTokenLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(chosen.clients()).extracting(ClientConfig::refreshTokenRotation).containsExactly(true, false);
    }

    @Test
    void grantTypesDefaultByRedirectUrisAndAUserFacingAppGetsClientCredentialsOnlyWhenListed() throws IOException {
        String app = "scopes: [accounts:read, payments:write]\n    redirect-uris: [https://app.example.com/cb]";
        BulwarkConfig defaults = ConfigLoader.load(write(VALID.replace("scopes: [accounts:read, payments:write]", app)), Map.of());
        // RFC 7591 §2: an app acting for users gets the code flow, no token of its own; a client without redirect URIs is a machine.
        assertThat(defaults.clients().get(0).grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(defaults.clients().get(1).grantTypes()).containsExactly("client_credentials");

        BulwarkConfig listed = ConfigLoader.load(write(VALID.replace("scopes: [accounts:read, payments:write]",
                app + "\n    grant-types: [authorization_code, client_credentials]")), Map.of());
        assertThat(listed.clients().get(0).grantTypes()).containsExactlyInAnyOrder("authorization_code", "client_credentials");
    }

    @Test
    void grantTypesThatCannotWorkAreRefused() throws IOException {
        String scopes = "scopes: [accounts:read, payments:write]";
        refused(VALID.replace(scopes, scopes + "\n    grant-types: [password]"), "clients[0].grant-types[0]",
                "`password` is not a grant type Bulwark serves", "client_credentials");
        refused(VALID.replace(scopes, scopes + "\n    grant-types: [authorization_code]"), "clients[0].grant-types",
                "no redirect URI", "redirect URIs");
        refused(VALID.replace(scopes, scopes + "\n    grant-types: []"), "clients[0].grant-types", "is empty", "client_credentials");
    }

    @Test
    void refreshTokenSettingsOutOfRangeOrNotBooleanAreRefused() throws IOException {
        refused(edit("access-token-lifetime: 10m", "access-token-lifetime: 10m\n  refresh-token-lifetime: 2000d"),
                "authorization-server.refresh-token-lifetime", "outside the allowed range", "revoking the grant");
        refused(VALID.replace("scopes: [accounts:read, payments:write]", "scopes: [accounts:read, payments:write]\n    refresh-token-rotation: \"yes\""),
                "clients[0].refresh-token-rotation", "must be true or false", "without quotes");
    }

    @Test
    void aPublicationLeadTooShortForJwksCachesIsRefused() throws IOException {
        refused(edit("access-token-lifetime: 10m", "access-token-lifetime: 10m\n  signing-key-publication-lead: 1s"),
                "authorization-server.signing-key-publication-lead", "outside the allowed range 10s to 7d", "cache the JWKS");
    }

    // --- gateway.introspection ---

    private static final String INTROSPECTION_AT = "  trusted-ca: tls/ca.pem\n";

    private String withIntrospection(String section) {
        return edit(INTROSPECTION_AT, INTROSPECTION_AT + "  introspection:\n" + section);
    }

    @Test
    void introspectionWithPrivateKeyJwtLoadsWithItsDefaults() throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("gw.jwk.json"), clientKey.toJSONString());
        BulwarkConfig config = ConfigLoader.load(write(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: bulwark-gateway
                    private-key-jwk-file: secrets/gw.jwk.json
                """)), Map.of());

        IntrospectionConfig introspection = config.gateway().introspection().orElseThrow();
        assertThat(introspection.endpoint()).isEqualTo(URI.create("https://auth.example.com/introspect"));
        assertThat(introspection.clientId()).isEqualTo("bulwark-gateway");
        assertThat(introspection.privateKeyJwk()).contains("\"d\"");
        assertThat(introspection.clientIdentity()).isNull();
        assertThat(introspection.cacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(introspection.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigLoader.load(write(VALID), Map.of()).gateway().introspection()).isEmpty();
    }

    @Test
    void introspectionWithMtlsNeedsATrustedCa() throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: bulwark-gateway
                    client-identity:
                      certificate-chain: tls/up.crt
                      private-key: tls/up.key
                    trusted-ca: tls/ca.pem
                    cache-ttl: 5s
                """)), Map.of());
        IntrospectionConfig introspection = config.gateway().introspection().orElseThrow();
        assertThat(introspection.clientIdentity()).isEqualTo(new TlsFiles(dir.resolve("tls/up.crt"), dir.resolve("tls/up.key")));
        assertThat(introspection.cacheTtl()).isEqualTo(Duration.ofSeconds(5));

        refused(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: bulwark-gateway
                    client-identity:
                      certificate-chain: tls/up.crt
                      private-key: tls/up.key
                """), "gateway.introspection.trusted-ca", "is required with `client-identity`", "PEM CA bundle");
    }

    @Test
    void introspectionRefusesPlainHttpNoOrTwoCredentialsALongCacheAndAPublicKey() throws IOException {
        refused(withIntrospection("""
                    endpoint: http://auth.example.com/introspect
                    client-id: g
                    private-key-jwk-file: clients/partner.jwks.json
                """), "gateway.introspection.endpoint", "must be https", "https://host");
        refused(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: g
                """), "gateway.introspection", "names no client credential", "never authenticates with a shared secret");
        Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("gw.jwk.json"), clientKey.toJSONString());
        refused(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: g
                    private-key-jwk-file: secrets/gw.jwk.json
                    client-identity:
                      certificate-chain: tls/up.crt
                      private-key: tls/up.key
                """), "gateway.introspection", "names two client credentials", "exactly one");
        refused(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: g
                    private-key-jwk-file: secrets/gw.jwk.json
                    cache-ttl: 30s
                """), "gateway.introspection.cache-ttl", "outside the allowed range", "revoked token");
        Files.writeString(dir.resolve("secrets/public.jwk.json"), clientKey.toPublicJWK().toJSONString());
        refused(withIntrospection("""
                    endpoint: https://auth.example.com/introspect
                    client-id: g
                    private-key-jwk-file: secrets/public.jwk.json
                """), "gateway.introspection.private-key-jwk-file", "holds a public key only", "private EC P-256 JWK");
    }

    /** {@code audit.checkpoints}: how often the chain head is signed and where the checkpoints are copied. */
    @Nested
    class AuditCheckpoints {

        @Test
        void absentTakesTheDefaultsAndGivenValuesAreRead() throws IOException {
            assertThat(ConfigLoader.load(write(VALID), Map.of()).audit()).isEqualTo(AuditConfig.defaults());
            assertThat(AuditConfig.defaults().everyRecords()).isEqualTo(1_000);
            assertThat(AuditConfig.defaults().every()).isEqualTo(Duration.ofSeconds(60));

            placeholder(dir.resolve("tls/siem-ca.pem"));
            Files.createDirectories(dir.resolve("evidence"));
            BulwarkConfig config = ConfigLoader.load(write(VALID + """
                    audit:
                      checkpoints:
                        every-records: 500
                        every: 30s
                        file: evidence/checkpoints.jsonl
                        webhook:
                          url: https://siem.example.com/bulwark/checkpoints
                          ca: tls/siem-ca.pem
                    """), Map.of());
            assertThat(config.audit()).isEqualTo(new AuditConfig(500, Duration.ofSeconds(30),
                    java.util.Optional.of(dir.resolve("evidence/checkpoints.jsonl")), java.util.Optional.of(new AuditConfig.Webhook(
                            URI.create("https://siem.example.com/bulwark/checkpoints"), java.util.Optional.of(dir.resolve("tls/siem-ca.pem"))))));
        }

        @Test
        void badValuesNameThePathAndTheFix() throws IOException {
            refused(VALID + "audit:\n  checkpoints:\n    every-records: 0\n", "audit.checkpoints.every-records",
                    "`0` is outside the allowed range 1 to 1000000", "use a number from 1 to 1000000 (default 1000)");
            refused(VALID + "audit:\n  checkpoints:\n    every: 2d\n", "audit.checkpoints.every",
                    "`2d` is outside the allowed range 1s to 1h", "cut from the end unseen");
            refused(VALID + "audit:\n  checkpoints:\n    file: nowhere/checkpoints.jsonl\n", "audit.checkpoints.file",
                    "does not exist", "create " + dir.resolve("nowhere"));
            refused(VALID + "audit:\n  checkpoints:\n    webhook: {url: http://siem.example.com/in}\n", "audit.checkpoints.webhook.url",
                    "must be https", "absolute https URL");
            refused(VALID + "audit:\n  checkpoints:\n    webhook: {}\n", "audit.checkpoints.webhook.url", "", "https://siem.example");
            refused(VALID + "audit:\n  checkpoint:\n    every: 30s\n", "audit.checkpoint", "", "checkpoints");
        }
    }

    private ConfigException refused(String yaml, String path, String problem, String fix) throws IOException {
        Path file = write(yaml);

        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(error.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).isNotBlank().contains(fix);
        assertThat(error.getMessage()).contains(file.toString(), problem, "fix: ");
        return error;
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("bulwark.yaml"), yaml);
    }

    /** {@link #VALID} with {@code from} (which must be there) replaced once by {@code to}. */
    private static String edit(String from, String to) {
        int at = VALID.indexOf(from);
        assertThat(at).as("the valid configuration contains %s", from).isNotNegative();
        return VALID.substring(0, at) + to + VALID.substring(at + from.length());
    }

    private static int lineOf(String text, String line) {
        return text.lines().toList().indexOf(line) + 1;
    }

    private static Path placeholder(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "placeholder: the loader checks that the file exists, not what it holds\n");
    }

    private static void writeJwks(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }
}
