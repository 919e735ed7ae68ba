package io.bulwark.demo;

import io.bulwark.config.ApiConfig;
import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.AuditConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ClientConfig;
import io.bulwark.config.DpopConfig;
import io.bulwark.config.GatewayConfig;
import io.bulwark.config.ListenAddress;
import io.bulwark.config.ManagementConfig;
import io.bulwark.config.MasterKeyConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.SecurityEventsConfig;
import io.bulwark.config.StoreConfig;
import io.bulwark.config.TlsFiles;
import io.bulwark.config.TracingConfig;
import io.bulwark.config.UpstreamConfig;
import io.bulwark.store.MasterKey;
import io.bulwark.tls.DevCertificateAuthority;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

/**
 * Lays out the demo's data folder (dev CA and certificates, master key, demo clients, the bank's
 * OpenAPI document) and builds the same {@link BulwarkConfig} a {@code bulwark.yaml} would give.
 * Everything made on the first run is reused on the next.
 *
 * @param bankIdentity          the bank's server certificate
 * @param gatewayClientIdentity the certificate the gateway presents to the bank
 * @param bankTrustedClientCertificate that certificate alone: the only one the bank admits
 */
public record DemoEnvironment(Path dataDir, DemoPorts ports, BulwarkConfig config, Path caCertificate,
                              TlsFiles bankIdentity, TlsFiles gatewayClientIdentity, Path bankTrustedClientCertificate,
                              List<DemoClient> clients) {

    /** The demo's copy of the audit chain's signed checkpoints, in its data folder. */
    public static final String AUDIT_CHECKPOINTS_FILE = "audit-checkpoints.jsonl";

    /**
     * Where the demo clients receive authorization codes. Nothing listens there: after consent the
     * browser shows the code in its address bar, to be exchanged by hand (see README).
     */
    public static final String CALLBACK = "https://localhost:8445/callback";

    /**
     * The demo's clients: a data aggregator that may also pay, and an app that may only list accounts
     * (to show refusals), both private_key_jwt with DPoP-bound tokens, acting for the users who sign in; one that
     * authenticates with its TLS certificate and gets certificate-bound tokens, also registered to act for itself (the
     * product catalogue); and a machine client that acts only for itself (client credentials), as the quickstart does.
     */
    private static final List<DemoClientSpec> CLIENTS = List.of(
            new DemoClientSpec("demo-partner", "Demo Partner (account aggregator)",
                    Set.of("accounts:read", "balances:read", "transactions:read", "payments:read", "payments:write", "customers:read"),
                    Set.of("account_information", "payment_initiation"), false, List.of(CALLBACK), null),
            new DemoClientSpec("demo-readonly", "Demo Read-Only App", Set.of("accounts:read"), Set.of("account_information"), false,
                    List.of(CALLBACK), null),
            new DemoClientSpec("demo-mtls", "Demo mTLS Partner", Set.of("accounts:read", "balances:read", "products:read"),
                    Set.of("account_information"), true, List.of(CALLBACK),
                    Set.of("authorization_code", "refresh_token", "client_credentials")),
            new DemoClientSpec("demo-service", "Demo Service (machine to machine)", Set.of("products:read"),
                    Set.of(), false, List.of(), null));

    /** An OAuth flow's endpoint in the bank's document (OpenAPI 3.1 §4.8.29): the key, then the path after the origin. */
    private static final Pattern FLOW_URL = Pattern.compile("((?:authorizationUrl|tokenUrl|refreshUrl): )https://[^/\\s]+(/\\S*)");

    /** @param grantTypes null for the default: the code flow for an app with redirect URIs, else client credentials */
    private record DemoClientSpec(String clientId, String name, Set<String> scopes, Set<String> detailsTypes, boolean mutualTls,
                                  List<String> redirectUris, Set<String> grantTypes) {

        Set<String> grantTypesOrDefault() {
            return grantTypes != null ? grantTypes : io.bulwark.clients.RegisteredClient.defaultGrantTypes(redirectUris);
        }
    }

    public static DemoEnvironment prepare(Path dataDir, DemoPorts ports) {
        Path data = dataDir.toAbsolutePath().normalize();
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(data.resolve("tls"));
        List<String> dns = List.of("localhost");
        List<String> ips = List.of("127.0.0.1", "::1");
        TlsFiles asIdentity = ca.serverIdentity("authorization-server", dns, ips);
        TlsFiles gatewayIdentity = ca.serverIdentity("gateway", dns, ips);
        TlsFiles bankIdentity = ca.serverIdentity("demo-bank", dns, ips);
        TlsFiles gatewayClient = ca.clientIdentity("gateway-upstream-client", "Bulwark Gateway");

        Path pinnedGatewayCertificate = pinLeaf(gatewayClient.certificateChain(), data.resolve("tls/demo-bank-admits.pem"));

        Path masterKeyFile = data.resolve("master.key");
        MasterKey.createIfMissing(masterKeyFile);

        String issuer = "https://localhost:" + ports.authorizationServer();
        String gatewayUrl = "https://localhost:" + ports.gateway();
        List<DemoClient> clients = new ArrayList<>();
        List<ClientConfig> clientConfigs = new ArrayList<>();
        for (DemoClientSpec spec : CLIENTS) {
            Path file = data.resolve("demo/clients/" + spec.clientId() + ".json");
            if (spec.mutualTls()) {
                String subjectDn = writeTlsClient(ca, spec, file, issuer);
                clients.add(new DemoClient(spec.clientId(), spec.name(), spec.scopes(), file, "tls_client_auth", "mtls"));
                clientConfigs.add(new ClientConfig(spec.clientId(), spec.name(), "tls_client_auth", "{\"keys\":[]}", spec.scopes(),
                        "mtls", subjectDn, spec.redirectUris(), spec.detailsTypes(), false, null, null, spec.grantTypesOrDefault()));
            } else {
                var key = DemoClientCredentials.loadOrCreate(file, spec.clientId(), spec.scopes(), issuer, spec.redirectUris(),
                        spec.detailsTypes(), spec.grantTypesOrDefault());
                clients.add(new DemoClient(spec.clientId(), spec.name(), spec.scopes(), file, "private_key_jwt", "dpop"));
                clientConfigs.add(new ClientConfig(spec.clientId(), spec.name(), "private_key_jwt",
                        new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString(), spec.scopes(), "dpop", null,
                        spec.redirectUris(), spec.detailsTypes(), false, null, null, spec.grantTypesOrDefault()));
            }
        }

        Path openapi = writeBankDocument(data.resolve("demo/bank-openapi.yaml"), issuer);
        ApiConfig bank = new ApiConfig("bank", "/bank/v1", openapi, new UpstreamConfig(
                URI.create("https://localhost:" + ports.bank()), gatewayClient, ca.caCertificate(), Duration.ofSeconds(10),
                UpstreamConfig.DEFAULT_CONNECT_TIMEOUT), false,
                "demo open banking: account information (accounts, balances, transactions) and payment initiation for consenting "
                        + "demo customers", "bulwark-demo", Optional.empty());
        BulwarkConfig config = new BulwarkConfig(Optional.empty(), data, new MasterKeyConfig(MasterKeyConfig.DEFAULT_ENV, masterKeyFile),
                StoreConfig.embedded(),
                // The dev CA issues the demo's client certificates, so tls_client_auth trusts it.
                new AuthorizationServerConfig(URI.create(issuer), new ListenAddress("localhost", ports.authorizationServer()),
                        asIdentity, Duration.ofMinutes(5), AuthorizationServerConfig.DEFAULT_SIGNING_KEY_MAX_AGE,
                        AuthorizationServerConfig.DEFAULT_SIGNING_KEY_PUBLICATION_LEAD, ca.caCertificate(), DpopConfig.DEFAULT,
                        AuthorizationServerConfig.DEFAULT_REFRESH_TOKEN_LIFETIME, null),
                new GatewayConfig(new ListenAddress("localhost", ports.gateway()), gatewayIdentity, gatewayUrl,
                        URI.create(issuer), URI.create(issuer + "/jwks"), Optional.of(ca.caCertificate()), List.of(bank), URI.create(gatewayUrl),
                        DpopConfig.DEFAULT, Optional.empty()),
                clientConfigs, ProtectionConfig.defaults(),
                // Any free port: tests run many demos side by side; `bulwark demo` asks for 9000 (Demo.start).
                ManagementConfig.loopback(0), SecurityEventsConfig.NONE, TracingConfig.OFF,
                // The signed checkpoints of the audit chain are copied beside the store, as `bulwark audit verify --checkpoints` reads them.
                new AuditConfig(AuditConfig.DEFAULT_EVERY_RECORDS, AuditConfig.DEFAULT_EVERY,
                        Optional.of(data.resolve(AUDIT_CHECKPOINTS_FILE)), Optional.empty()),
                io.bulwark.config.AnomalyConfig.defaults());
        return new DemoEnvironment(data, ports, config, ca.caCertificate(), bankIdentity, gatewayClient,
                pinnedGatewayCertificate, List.copyOf(clients));
    }

    /**
     * Issues (or reuses) the client's certificate from the dev CA, copies it and its key beside the
     * credentials file, where curl users find them, and writes the file. Returns the certificate's
     * subject DN, which the client is registered with (RFC 8705 §2.1.2).
     */
    private static String writeTlsClient(DevCertificateAuthority ca, DemoClientSpec spec, Path file, String issuer) {
        TlsFiles identity = ca.clientIdentity(spec.clientId(), spec.clientId());
        Path certificate = file.resolveSibling(spec.clientId() + ".crt");
        Path key = file.resolveSibling(spec.clientId() + ".key");
        try {
            Files.createDirectories(file.getParent());
            Files.copy(identity.certificateChain(), certificate, StandardCopyOption.REPLACE_EXISTING);
            copyOwnerOnly(identity.privateKey(), key);
            X509Certificate leaf;
            try (InputStream in = Files.newInputStream(certificate)) {
                leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            String subjectDn = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
            DemoClientCredentials.writeTlsClient(file, spec.clientId(), spec.scopes(), issuer, subjectDn, certificate, key,
                    spec.redirectUris(), spec.detailsTypes(), spec.grantTypesOrDefault());
            return subjectDn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate of " + spec.clientId() + " beside " + file, e);
        } catch (CertificateException e) {
            throw new IllegalStateException(identity.certificateChain() + " is not a certificate", e);
        }
    }

    private static void copyOwnerOnly(Path source, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".key", ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes the leaf (first) certificate of {@code chain} alone: the bank trusts exactly that
     * certificate, not the CA that issued it, so no other certificate from the dev CA gets in.
     */
    private static Path pinLeaf(Path chain, Path target) {
        try {
            String pem = Files.readString(chain);
            String end = "-----END CERTIFICATE-----";
            int cut = pem.indexOf(end);
            if (cut < 0) {
                throw new IllegalStateException(chain + " holds no PEM certificate");
            }
            Files.writeString(target, pem.substring(0, cut + end.length()) + "\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Writes the bank's OpenAPI document with its OAuth flows' endpoints at {@code issuer}: the resource names the default
     * port, and a client configured from the document must reach the authorization server actually running.
     */
    private static Path writeBankDocument(Path target, String issuer) {
        try (InputStream in = DemoEnvironment.class.getResourceAsStream("/demo/bank-openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("resource /demo/bank-openapi.yaml is missing from the build");
            }
            String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Files.createDirectories(target.getParent());
            Files.writeString(target, FLOW_URL.matcher(document).replaceAll(
                    match -> Matcher.quoteReplacement(match.group(1) + issuer + match.group(2))));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
