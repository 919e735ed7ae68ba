package io.bulwark.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

import io.bulwark.config.TlsFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    @TempDir
    Path tlsDir;

    @Test
    void createsTheCaOnFirstRunAndReusesItLater() throws Exception {
        DevCertificateAuthority first = DevCertificateAuthority.loadOrCreate(tlsDir);
        byte[] certificate = Files.readAllBytes(first.caCertificate());
        byte[] key = Files.readAllBytes(tlsDir.resolve("ca.key"));

        DevCertificateAuthority second = DevCertificateAuthority.loadOrCreate(tlsDir);

        assertThat(second.caCertificate()).isEqualTo(tlsDir.resolve("ca.pem"));
        assertThat(Files.readAllBytes(second.caCertificate())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(tlsDir.resolve("ca.key"))).isEqualTo(key);
        // An identity issued by the second instance chains to the CA the first one created.
        X509Certificate leaf = chain(second.clientIdentity("client", "client")).getFirst();
        leaf.verify(ca(first).getPublicKey());
    }

    @Test
    void caIsAnEcP256CaThatSignsCertificatesAndCrlsOnly() throws Exception {
        X509Certificate ca = ca(DevCertificateAuthority.loadOrCreate(tlsDir));

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Bulwark Development CA,O=Bulwark");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        // keyCertSign (5) and cRLSign (6), nothing else.
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(Files.readString(tlsDir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void serverIdentityChainsToTheCaWithItsNamesAndServerAuthOnly() throws Exception {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir);

        TlsFiles identity = authority.serverIdentity("gateway", List.of("localhost", "gateway.bulwark.test"),
                List.of("127.0.0.1", "::1"));

        assertThat(identity).isEqualTo(new TlsFiles(tlsDir.resolve("gateway.pem"), tlsDir.resolve("gateway.key")));
        List<X509Certificate> chain = chain(identity);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca(authority));
        validates(chain.getFirst(), ca(authority));
        X509Certificate leaf = chain.getFirst();
        assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(DNS_NAME, "localhost"), List.of(DNS_NAME, "gateway.bulwark.test"),
                List.of(IP_ADDRESS, "127.0.0.1"), List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertLeafProfile(leaf);
        assertThat(Files.readString(identity.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemFiles.readPrivateKey(identity.privateKey()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void clientIdentityCarriesItsCommonNameAndClientAuthOnly() throws Exception {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir);

        X509Certificate leaf = chain(authority.clientIdentity("partner", "partner-app")).getFirst();

        validates(leaf, ca(authority));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=partner-app,O=Bulwark");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(leaf.getSubjectAlternativeNames()).isNull();
        assertLeafProfile(leaf);
    }

    @Test
    void keyFilesAreOwnerOnly() throws Exception {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir.resolve("tls"));
        authority.serverIdentity("server", List.of("localhost"), List.of());
        authority.clientIdentity("client", "client");

        for (String key : List.of("ca.key", "server.key", "client.key")) {
            assertThat(Files.getPosixFilePermissions(tlsDir.resolve("tls").resolve(key)))
                    .as(key).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.getPosixFilePermissions(tlsDir.resolve("tls")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(tlsDir.resolve("tls"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    ".lock", "ca.pem", "ca.key", "server.pem", "server.key", "client.pem", "client.key");
        }
    }

    @Test
    void reusesAnIdentityThatStillMatches() throws Exception {
        TlsFiles identity = DevCertificateAuthority.loadOrCreate(tlsDir)
                .serverIdentity("server", List.of("localhost"), List.of("::1"));
        byte[] certificate = Files.readAllBytes(identity.certificateChain());
        byte[] key = Files.readAllBytes(identity.privateKey());

        // A later run, asking for the same names written another way.
        DevCertificateAuthority.loadOrCreate(tlsDir).serverIdentity("server", List.of("LOCALHOST"), List.of("0:0:0:0:0:0:0:1"));

        assertThat(Files.readAllBytes(identity.certificateChain())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(identity.privateKey())).isEqualTo(key);
    }

    @Test
    void reissuesWhenTheNamesChange() throws Exception {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir);
        X509Certificate before = chain(authority.serverIdentity("server", List.of("localhost"), List.of())).getFirst();

        X509Certificate after = chain(authority.serverIdentity("server", List.of("localhost"), List.of("127.0.0.1"))).getFirst();

        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getSubjectAlternativeNames()).contains(List.of(IP_ADDRESS, "127.0.0.1"));
    }

    @Test
    void reissuesWhenTheIdentityExpiresWithinSevenDays() throws Exception {
        Instant now = Instant.now();
        TlsFiles identity = DevCertificateAuthority.loadOrCreate(tlsDir, InstantSource.fixed(now))
                .clientIdentity("client", "client");
        X509Certificate original = chain(identity).getFirst();

        var sixDaysLeft = InstantSource.fixed(original.getNotAfter().toInstant().minus(Duration.ofDays(6)));
        X509Certificate renewed = chain(DevCertificateAuthority.loadOrCreate(tlsDir, sixDaysLeft)
                .clientIdentity("client", "client")).getFirst();
        var eightDaysLeft = InstantSource.fixed(renewed.getNotAfter().toInstant().minus(Duration.ofDays(8)));
        X509Certificate kept = chain(DevCertificateAuthority.loadOrCreate(tlsDir, eightDaysLeft)
                .clientIdentity("client", "client")).getFirst();

        assertThat(renewed.getSerialNumber()).isNotEqualTo(original.getSerialNumber());
        assertThat(renewed.getNotAfter()).isAfter(original.getNotAfter());
        assertThat(kept).isEqualTo(renewed);
    }

    @Test
    void reissuesWhenTheKeyNoLongerMatches() throws Exception {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir);
        TlsFiles first = authority.clientIdentity("first", "client");
        TlsFiles second = authority.clientIdentity("second", "client");
        X509Certificate before = chain(first).getFirst();
        Files.copy(second.privateKey(), first.privateKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        X509Certificate after = chain(authority.clientIdentity("first", "client")).getFirst();

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void refusesToReplaceHalfOfAnExistingCa() throws Exception {
        DevCertificateAuthority.loadOrCreate(tlsDir);
        Files.delete(tlsDir.resolve("ca.key"));

        assertThatThrownBy(() -> DevCertificateAuthority.loadOrCreate(tlsDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.pem")
                .hasMessageContaining("ca.key");
        assertThat(tlsDir.resolve("ca.key")).doesNotExist();
    }

    @Test
    void refusesNamesThatAreNotPlainFileNames() {
        DevCertificateAuthority authority = DevCertificateAuthority.loadOrCreate(tlsDir);

        for (String name : List.of("../escape", "ca", "CA", "", "-x", "a/b", "a.pem")) {
            assertThatThrownBy(() -> authority.clientIdentity(name, "client")).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> authority.serverIdentity("server", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> authority.serverIdentity("server", List.of("not a host"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> authority.serverIdentity("server", List.of(), List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertLeafProfile(X509Certificate leaf) throws Exception {
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(leaf.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(128);
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isLessThanOrEqualTo(Duration.ofDays(397));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(Instant.now());
        // digitalSignature only.
        assertThat(leaf.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
    }

    private static void validates(X509Certificate leaf, X509Certificate ca) throws Exception {
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static List<X509Certificate> chain(TlsFiles identity) {
        return PemFiles.readCertificates(identity.certificateChain());
    }

    private static X509Certificate ca(DevCertificateAuthority authority) {
        return PemFiles.readCertificates(authority.caCertificate()).getFirst();
    }
}
