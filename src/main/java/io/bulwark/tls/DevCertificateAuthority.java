package io.bulwark.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.bulwark.config.TlsFiles;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Bulwark's development CA, kept in the TLS folder: created on first run and loaded later, it issues and
 * reuses the identities of demo and test deployments. Production brings certificates from its own PKI.
 */
public final class DevCertificateAuthority {

    private static final String CA_CERTIFICATE = "ca.pem";
    private static final String CA_KEY = "ca.key";
    private static final String LOCK_FILE = ".lock";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final X500Name CA_SUBJECT = subject("Bulwark Development CA");

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    // One day under the CA/Browser Forum's historical 398-day cap, which browsers and Apple platforms
    // enforce on server certificates; a dev CA should not teach anyone to expect longer-lived leaves.
    private static final Duration LEAF_VALIDITY = Duration.ofDays(397);
    private static final Duration RENEWAL_MARGIN = Duration.ofDays(7);
    // Tolerates a client whose clock is a little behind the clock that issued the certificate.
    private static final Duration BACKDATING = Duration.ofMinutes(5);
    // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 159 bits with the top one set is
    // exactly 20 octets and leaves 158 unpredictable bits, more than the 64 the CA/B Forum asks for.
    private static final int SERIAL_BITS = 159;

    private static final Pattern IDENTITY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    // FileLock only excludes other processes; this excludes the threads of this one.
    private static final Object THREADS = new Object();

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final InstantSource clock;
    private final SecureRandom random;

    private DevCertificateAuthority(Path directory, X509Certificate certificate, PrivateKey key,
                                    InstantSource clock, SecureRandom random) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
        this.random = random;
    }

    /** Loads the CA kept in {@code tlsDir}, creating the folder and the CA on first run. */
    public static DevCertificateAuthority loadOrCreate(Path tlsDir) {
        return loadOrCreate(tlsDir, InstantSource.system());
    }

    /** As {@link #loadOrCreate(Path)}, with {@code clock} deciding validity periods and renewals. */
    public static DevCertificateAuthority loadOrCreate(Path tlsDir, InstantSource clock) {
        Objects.requireNonNull(tlsDir, "tlsDir");
        Objects.requireNonNull(clock, "clock");
        PemFiles.createPrivateDirectory(tlsDir);
        return locked(tlsDir, () -> {
            Path certificateFile = tlsDir.resolve(CA_CERTIFICATE);
            Path keyFile = tlsDir.resolve(CA_KEY);
            boolean hasCertificate = Files.exists(certificateFile);
            boolean hasKey = Files.exists(keyFile);
            if (hasCertificate && hasKey) {
                return load(tlsDir, clock);
            }
            if (hasCertificate || hasKey) {
                // Never replace half of a CA that clients may already trust; let a person decide.
                Path present = hasCertificate ? certificateFile : keyFile;
                Path missing = hasCertificate ? keyFile : certificateFile;
                throw new IllegalStateException("found " + present + " but not " + missing
                        + "; restore it, or delete " + present + " to create a new development CA");
            }
            return create(tlsDir, clock);
        });
    }

    /**
     * A server identity for {@code dnsNames} and {@code ipAddresses} (at least one name in all), in
     * {@code <name>.pem} (leaf, then CA) and {@code <name>.key}: reused when the files on disk were
     * issued by this CA for exactly these names and stay valid for seven more days, issued afresh otherwise.
     */
    public TlsFiles serverIdentity(String name, List<String> dnsNames, List<String> ipAddresses) {
        requireIdentityName(name);
        Objects.requireNonNull(dnsNames, "dnsNames");
        Objects.requireNonNull(ipAddresses, "ipAddresses");
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a server identity needs at least one DNS name or IP address");
        }
        var names = new GeneralName[dnsNames.size() + ipAddresses.size()];
        int i = 0;
        for (String dnsName : dnsNames) {
            names[i++] = dnsName(dnsName);
        }
        for (String ipAddress : ipAddresses) {
            names[i++] = ipAddress(ipAddress);
        }
        return issueOrReuse(name, new Profile(subject(name), new GeneralNames(names), KeyPurposeId.id_kp_serverAuth));
    }

    /**
     * A client identity with subject {@code CN=commonName, O=Bulwark}, for mutual TLS, in
     * {@code <name>.pem} and {@code <name>.key}; reused or issued as {@link #serverIdentity} does.
     */
    public TlsFiles clientIdentity(String name, String commonName) {
        requireIdentityName(name);
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName must not be blank");
        }
        return issueOrReuse(name, new Profile(subject(commonName), null, KeyPurposeId.id_kp_clientAuth));
    }

    /** The CA certificate in PEM ({@code ca.pem}): the one file clients need in order to trust Bulwark. */
    public Path caCertificate() {
        return directory.resolve(CA_CERTIFICATE);
    }

    private static DevCertificateAuthority load(Path directory, InstantSource clock) {
        Path certificateFile = directory.resolve(CA_CERTIFICATE);
        List<X509Certificate> certificates = PemFiles.readCertificates(certificateFile);
        if (certificates.size() != 1 || certificates.getFirst().getBasicConstraints() < 0) {
            throw new IllegalStateException(certificateFile + " must hold exactly one CA certificate");
        }
        X509Certificate certificate = certificates.getFirst();
        PrivateKey key = PemFiles.readPrivateKey(directory.resolve(CA_KEY));
        if (!keyMatches(key, certificate.getPublicKey())) {
            throw new IllegalStateException(directory.resolve(CA_KEY) + " is not the key of " + certificateFile);
        }
        Instant expiry = certificate.getNotAfter().toInstant();
        if (expiry.isBefore(clock.instant().plus(RENEWAL_MARGIN))) {
            throw new IllegalStateException("the development CA in " + certificateFile + " expires on " + expiry
                    + "; delete " + certificateFile + " and " + directory.resolve(CA_KEY)
                    + " to create a new one, and make clients trust the new " + CA_CERTIFICATE);
        }
        return new DevCertificateAuthority(directory, certificate, key, clock, new SecureRandom());
    }

    private static DevCertificateAuthority create(Path directory, InstantSource clock) {
        var random = new SecureRandom();
        KeyPair keyPair = newKeyPair(random);
        Instant notBefore = notBefore(clock);
        var builder = new JcaX509v3CertificateBuilder(CA_SUBJECT, serialNumber(random), Date.from(notBefore),
                Date.from(notBefore.plus(CA_VALIDITY)), CA_SUBJECT, keyPair.getPublic());
        X509Certificate certificate = sign(builder, keyPair.getPrivate(), draft -> {
            // Path length 0: this CA signs leaves only, never another CA.
            draft.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            draft.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            draft.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        });
        PemFiles.writePrivateKey(directory.resolve(CA_KEY), keyPair.getPrivate());
        PemFiles.writeCertificates(directory.resolve(CA_CERTIFICATE), List.of(certificate));
        return new DevCertificateAuthority(directory, certificate, keyPair.getPrivate(), clock, random);
    }

    private TlsFiles issueOrReuse(String name, Profile profile) {
        var files = new TlsFiles(directory.resolve(name + ".pem"), directory.resolve(name + ".key"));
        return locked(directory, () -> {
            if (!isReusable(files, profile)) {
                KeyPair keyPair = newKeyPair(random);
                X509Certificate leaf = issue(profile, keyPair.getPublic());
                PemFiles.writePrivateKey(files.privateKey(), keyPair.getPrivate());
                PemFiles.writeCertificates(files.certificateChain(), List.of(leaf, certificate));
            }
            return files;
        });
    }

    private X509Certificate issue(Profile profile, PublicKey subjectKey) {
        Instant notBefore = notBefore(clock);
        Instant notAfter = notBefore.plus(LEAF_VALIDITY);
        Instant caExpiry = certificate.getNotAfter().toInstant();
        var builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(random), Date.from(notBefore),
                Date.from(notAfter.isAfter(caExpiry) ? caExpiry : notAfter), profile.subject(), subjectKey);
        return sign(builder, key, draft -> {
            draft.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // ECDHE_ECDSA (TLS 1.2) and TLS 1.3 CertificateVerify only ever sign with the leaf key.
            draft.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            draft.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.purpose()));
            if (profile.alternativeNames() != null) {
                draft.addExtension(Extension.subjectAlternativeName, false, profile.alternativeNames());
            }
            draft.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils().createSubjectKeyIdentifier(subjectKey));
            draft.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
        });
    }

    /** Whether the identity on disk is this CA's, for exactly this profile, with its key, and not about to expire. */
    private boolean isReusable(TlsFiles files, Profile profile) {
        if (!Files.exists(files.certificateChain()) || !Files.exists(files.privateKey())) {
            return false;
        }
        List<X509Certificate> chain;
        PrivateKey leafKey;
        try {
            chain = PemFiles.readCertificates(files.certificateChain());
            leafKey = PemFiles.readPrivateKey(files.privateKey());
        } catch (IllegalStateException | UncheckedIOException unreadable) {
            // Issued files are derived data: a damaged pair is replaced rather than repaired.
            return false;
        }
        if (chain.size() != 2 || !chain.get(1).equals(certificate)) {
            return false;
        }
        X509Certificate leaf = chain.getFirst();
        Instant now = clock.instant();
        Extensions extensions;
        try {
            leaf.verify(certificate.getPublicKey());
            extensions = new JcaX509CertificateHolder(leaf).getExtensions();
        } catch (GeneralSecurityException e) {
            return false;
        }
        ExtendedKeyUsage purposes = ExtendedKeyUsage.fromExtensions(extensions);
        return !leaf.getNotBefore().toInstant().isAfter(now)
                && leaf.getNotAfter().toInstant().isAfter(now.plus(RENEWAL_MARGIN))
                && X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).equals(profile.subject())
                && Objects.equals(nameSet(GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName)),
                        nameSet(profile.alternativeNames()))
                && purposes != null
                && Arrays.equals(purposes.getUsages(), new KeyPurposeId[] {profile.purpose()})
                && keyMatches(leafKey, leaf.getPublicKey());
    }

    private static <T> T locked(Path directory, Supplier<T> action) {
        synchronized (THREADS) {
            try (var channel = FileChannel.open(directory.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                // Two processes starting at once must not each write half of a CA or of an identity.
                channel.lock();
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + directory.resolve(LOCK_FILE), e);
            }
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey,
                                        ExtensionWriter extensions) {
        try {
            extensions.addTo(builder);
            var signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate with " + SIGNATURE_ALGORITHM, e);
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            // NIST P-256: the curve every TLS 1.2 and 1.3 stack supports (RFC 8446 §9.1 makes it mandatory).
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate EC P-256 keys", e);
        }
    }

    /** Whether {@code privateKey} is the other half of {@code publicKey}: it signs what the public key verifies. */
    private static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            var signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-1 for key identifiers", e);
        }
    }

    private static Instant notBefore(InstantSource clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(BACKDATING);
    }

    private static BigInteger serialNumber(SecureRandom random) {
        return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    }

    private static X500Name subject(String commonName) {
        // Most significant first in the encoding, so the subject reads "CN=..., O=Bulwark" in RFC 4514 form.
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Bulwark")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static GeneralName dnsName(String dnsName) {
        Objects.requireNonNull(dnsName, "dnsNames element");
        String lowerCase = dnsName.toLowerCase(Locale.ROOT);
        if (!DNS_NAME.matcher(lowerCase).matches()) {
            throw new IllegalArgumentException("not a DNS name (internationalized names go in A-label form): " + dnsName);
        }
        return new GeneralName(GeneralName.dNSName, lowerCase);
    }

    private static GeneralName ipAddress(String ipAddress) {
        Objects.requireNonNull(ipAddress, "ipAddresses element");
        // Checked as a literal, never resolved: InetAddress.getByName would look a host name up in DNS.
        if (!IPAddress.isValid(ipAddress)) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address literal: " + ipAddress);
        }
        return new GeneralName(GeneralName.iPAddress, ipAddress);
    }

    private static Set<GeneralName> nameSet(GeneralNames names) {
        return names == null ? null : new HashSet<>(Arrays.asList(names.getNames()));
    }

    private static void requireIdentityName(String name) {
        Objects.requireNonNull(name, "name");
        if (!IDENTITY_NAME.matcher(name).matches() || name.equalsIgnoreCase("ca")) {
            throw new IllegalArgumentException("identity name must be 1-64 letters, digits, '-' or '_', "
                    + "must not start with '-' or '_', and must not be \"ca\": " + name);
        }
    }

    /** What an issued leaf must say: its subject, its subject alternative names (null for none) and its one purpose. */
    private record Profile(X500Name subject, GeneralNames alternativeNames, KeyPurposeId purpose) {
    }

    /** Adds extensions to a certificate being built; BouncyCastle's adder throws a checked exception. */
    @FunctionalInterface
    private interface ExtensionWriter {
        void addTo(X509v3CertificateBuilder builder) throws IOException;
    }
}
