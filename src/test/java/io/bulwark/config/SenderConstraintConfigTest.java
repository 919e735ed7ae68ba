package io.bulwark.config;

import io.bulwark.testing.TestConfigs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration keys of sender-constrained tokens: client authentication methods, sender
 * constraints and certificate subjects, the CAs of tls_client_auth, DPoP nonce and age, the
 * gateway's public URL and each API's bearer-token policy; each with its defaults and precise refusals.
 */
class SenderConstraintConfigTest {

    private static final List<String> PLACEHOLDERS = List.of("tls/as.crt", "tls/as.key", "tls/gw.crt", "tls/gw.key", "tls/client-ca.pem",
            "tls/up.crt", "tls/up.key", "tls/bank-ca.pem", "apis/bank.yaml");

    private static final String VALID = """
            authorization-server:
              issuer: https://auth.example.com
              listen: 127.0.0.1:8443
              tls: {certificate-chain: tls/as.crt, private-key: tls/as.key}
              tls-client-auth-ca: tls/client-ca.pem
              dpop:
                nonce: required
                max-proof-age: 30s
            gateway:
              listen: 0.0.0.0:9443
              public-url: https://api.example.com
              tls: {certificate-chain: tls/gw.crt, private-key: tls/gw.key}
              audience: https://api.example.com
              dpop:
                nonce: required
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
                - name: legacy
                  base-path: /legacy
                  purpose: test API
                  owner-team: test-team
                  openapi: apis/bank.yaml
                  bearer-tokens: accepted
                  upstream:
                    url: https://legacy.internal
                    client-identity: {certificate-chain: tls/up.crt, private-key: tls/up.key}
                    trusted-ca: tls/bank-ca.pem
            clients:
              - client-id: dpop-partner
                jwks-file: clients/partner.jwks.json
                sender-constraint: dpop
                scopes: [accounts:read]
              - client-id: pki-partner
                auth-method: tls_client_auth
                tls-client-auth-subject-dn: "CN=pki-partner, O=Partner Ltd, C=GB"
                sender-constraint: mtls
                scopes: [accounts:read]
              - client-id: self-signed-partner
                auth-method: self_signed_tls_client_auth
                jwks-file: clients/self-signed.jwks.json
                scopes: [accounts:read]
            """;

    @TempDir
    Path dir;

    private final ECKey clientKey = JwtFactory.ecKey("partner-1");
    private String selfSignedJwks;

    @BeforeEach
    void createReferencedFiles() throws Exception {
        for (String placeholder : PLACEHOLDERS) {
            Files.createDirectories(dir.resolve(placeholder).getParent());
            Files.writeString(dir.resolve(placeholder), "placeholder\n");
        }
        Files.createDirectories(dir.resolve("clients"));
        Files.writeString(dir.resolve("clients/partner.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        X509Certificate certificate = TestCertificates.chain(TestCertificates.selfSigned(dir.resolve("certs"), "self", "self-signed-partner"))
                .getFirst();
        selfSignedJwks = new JWKSet(ECKey.parse(certificate)).toString();
        Files.writeString(dir.resolve("clients/self-signed.jwks.json"), selfSignedJwks);
    }

    @Test
    void everyKeyLoads() throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(VALID), Map.of());

        AuthorizationServerConfig as = config.authorizationServer();
        assertThat(as.tlsClientAuthCa()).isEqualTo(dir.resolve("tls/client-ca.pem"));
        assertThat(as.dpop()).isEqualTo(new DpopConfig(true, Duration.ofSeconds(30)));
        assertThat(config.gateway().publicUrl()).isEqualTo(URI.create("https://api.example.com"));
        assertThat(config.gateway().dpop()).isEqualTo(new DpopConfig(true, Duration.ofSeconds(60)));
        assertThat(config.gateway().apis()).extracting(ApiConfig::acceptBearerTokens).containsExactly(false, true);
        assertThat(config.clients()).containsExactly(
                TestConfigs.machineClient("dpop-partner", "dpop-partner", "private_key_jwt", new JWKSet(clientKey.toPublicJWK()).toString(),
                        java.util.Set.of("accounts:read"), "dpop", null),
                TestConfigs.machineClient("pki-partner", "pki-partner", "tls_client_auth", "{\"keys\":[]}", java.util.Set.of("accounts:read"), "mtls",
                        "CN=pki-partner, O=Partner Ltd, C=GB"),
                TestConfigs.machineClient("self-signed-partner", "self-signed-partner", "self_signed_tls_client_auth", selfSignedJwks,
                        java.util.Set.of("accounts:read"), "dpop-or-mtls", null));
    }

    @Test
    void omittedKeysTakeFapiDefaults() throws IOException {
        String minimal = VALID.replace("  tls-client-auth-ca: tls/client-ca.pem\n", "")
                .replace("  dpop:\n    nonce: required\n    max-proof-age: 30s\n", "")
                .replace("  public-url: https://api.example.com\n", "")
                .replace("  dpop:\n    nonce: required\n", "")
                .replace("      bearer-tokens: accepted\n", "");
        minimal = minimal.substring(0, minimal.indexOf("  - client-id: pki-partner"));

        BulwarkConfig config = ConfigLoader.load(write(minimal.replace("    sender-constraint: dpop\n", "")), Map.of());

        assertThat(config.authorizationServer().tlsClientAuthCa()).isNull();
        assertThat(config.authorizationServer().dpop()).isEqualTo(DpopConfig.DEFAULT);
        assertThat(config.gateway().dpop()).isEqualTo(new DpopConfig(false, Duration.ofSeconds(60)));
        assertThat(config.gateway().publicUrl()).isEqualTo(URI.create("https://0.0.0.0:9443"));
        assertThat(config.gateway().apis()).noneMatch(ApiConfig::acceptBearerTokens);
        assertThat(config.clients()).singleElement().satisfies(client -> {
            assertThat(client.authMethod()).isEqualTo("private_key_jwt");
            assertThat(client.senderConstraint()).isEqualTo("dpop-or-mtls");
            assertThat(client.tlsClientAuthSubjectDn()).isNull();
        });
    }

    @Test
    void anIpv6ListenAddressGivesABracketedDefaultPublicUrl() throws IOException {
        BulwarkConfig config = ConfigLoader.load(write(VALID.replace("  listen: 0.0.0.0:9443\n  public-url: https://api.example.com\n",
                "  listen: \"[::1]:9443\"\n")), Map.of());
        assertThat(config.gateway().publicUrl()).isEqualTo(URI.create("https://[::1]:9443"));
    }

    @Test
    void refusesClientSecretMethods() throws IOException {
        for (String method : List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "none")) {
            refused(VALID.replace("auth-method: tls_client_auth", "auth-method: " + method), "clients[1].auth-method",
                    "accepts no client secret", "`auth-method: private_key_jwt`");
        }
    }

    @Test
    void refusesAnUnknownMethodNamingTheClosest() throws IOException {
        refused(VALID.replace("auth-method: tls_client_auth", "auth-method: tls_client_authentication"), "clients[1].auth-method",
                "is not a client authentication method", "private_key_jwt, tls_client_auth, self_signed_tls_client_auth");
        refused(VALID.replace("auth-method: tls_client_auth", "auth-method: tls-client-auth"), "clients[1].auth-method",
                "is not a client authentication method", "did you mean `tls_client_auth`?");
    }

    @Test
    void refusesTlsClientAuthWithoutTrustedCas() throws IOException {
        refused(VALID.replace("  tls-client-auth-ca: tls/client-ca.pem\n", ""), "clients[1].auth-method",
                "`tls_client_auth` needs the CAs that issue client certificates", "add `tls-client-auth-ca:");
    }

    @Test
    void refusesAMissingCaFile() throws IOException {
        refused(VALID.replace("tls-client-auth-ca: tls/client-ca.pem", "tls-client-auth-ca: tls/nowhere.pem"),
                "authorization-server.tls-client-auth-ca", "does not exist", "create it");
    }

    @Test
    void refusesTlsClientAuthWithoutOrWithAMalformedSubject() throws IOException {
        refused(VALID.replace("    tls-client-auth-subject-dn: \"CN=pki-partner, O=Partner Ltd, C=GB\"\n", ""),
                "clients[1].tls-client-auth-subject-dn", "required key `tls-client-auth-subject-dn` is missing", "RFC 4514");
        refused(VALID.replace("\"CN=pki-partner, O=Partner Ltd, C=GB\"", "pki-partner"), "clients[1].tls-client-auth-subject-dn",
                "`pki-partner` is not a distinguished name", "openssl x509 -noout -subject");
    }

    @Test
    void refusesASubjectOnAClientThatDoesNotAuthenticateByCertificate() throws IOException {
        refused(VALID.replace("    sender-constraint: dpop\n", "    sender-constraint: dpop\n    tls-client-auth-subject-dn: CN=x\n"),
                "clients[0].tls-client-auth-subject-dn", "applies only to `auth-method: tls_client_auth`", "remove it");
    }

    @Test
    void refusesASelfSignedClientWithoutCertificates() throws IOException {
        Files.writeString(dir.resolve("clients/self-signed.jwks.json"), new JWKSet(clientKey.toPublicJWK()).toString());
        refused(VALID, "clients[2].jwks-file", "holds no certificate", "x5c");
    }

    @Test
    void refusesAnUnknownSenderConstraintAndAnyUnboundChoice() throws IOException {
        refused(VALID.replace("sender-constraint: dpop\n", "sender-constraint: dpopp\n"), "clients[0].sender-constraint",
                "`dpopp` is not a sender constraint", "did you mean `dpop`?");
        for (String unbound : List.of("none", "bearer")) {
            refused(VALID.replace("sender-constraint: dpop\n", "sender-constraint: " + unbound + "\n"), "clients[0].sender-constraint",
                    "is not a sender constraint", "no unbound choice");
        }
    }

    @Test
    void refusesAPublicUrlThatIsNotAnHttpsOrigin() throws IOException {
        refused(VALID.replace("public-url: https://api.example.com", "public-url: https://api.example.com/bank"), "gateway.public-url",
                "must not have a path", "without a path");
        refused(VALID.replace("public-url: https://api.example.com", "public-url: http://api.example.com"), "gateway.public-url",
                "must be https", "https origin");
        refused(VALID.replace("public-url: https://api.example.com", "public-url: https://api.example.com?x=1"), "gateway.public-url",
                "must not have a query", "https origin");
    }

    @Test
    void requiresAPublicUrlWhenTheGatewayListensOnAnyFreePort() throws IOException {
        refused(VALID.replace("  listen: 0.0.0.0:9443\n  public-url: https://api.example.com\n", "  listen: 0.0.0.0:0\n"),
                "gateway.public-url", "is required when `gateway.listen` asks for any free port", "add `public-url` under `gateway`");
    }

    @Test
    void refusesAnUnknownNonceModeAnOutOfRangeAgeAndAnUnknownKey() throws IOException {
        refused(VALID.replace("    nonce: required\n    max-proof-age: 30s", "    nonce: always\n    max-proof-age: 30s"),
                "authorization-server.dpop.nonce", "`always` is not a nonce mode", "`required`");
        refused(VALID.replace("    nonce: required\n    max-proof-age: 30s", "    nonce: off\n    max-proof-age: 30s"),
                "authorization-server.dpop.nonce", "is true/false, not a nonce mode", "`optional`");
        refused(VALID.replace("max-proof-age: 30s", "max-proof-age: 10m"), "authorization-server.dpop.max-proof-age",
                "outside the allowed range 5s to 5m", "RFC 9449 §11.1");
        refused(VALID.replace("max-proof-age: 30s", "max-age: 30s"), "authorization-server.dpop.max-age", "unknown key `max-age`",
                "max-proof-age");
    }

    @Test
    void refusesAnUnknownBearerTokenMode() throws IOException {
        refused(VALID.replace("bearer-tokens: accepted", "bearer-tokens: accept"), "gateway.apis[1].bearer-tokens",
                "`accept` is not a bearer-token mode", "did you mean `accepted`?");
    }

    private void refused(String yaml, String path, String problem, String fix) throws IOException {
        Path file = write(yaml);

        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).contains(fix);
        assertThat(error.getMessage()).contains(file.toString(), problem, "fix: ");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("bulwark.yaml"), yaml);
    }
}
