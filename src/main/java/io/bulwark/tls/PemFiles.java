package io.bulwark.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes the PEM files of TLS identities; private keys are written owner-only and atomically. */
final class PemFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    /** Every certificate in a PEM file, in file order; fails if there is none or something else is in it. */
    static List<X509Certificate> readCertificates(Path file) {
        var converter = new JcaX509CertificateConverter();
        var certificates = new ArrayList<X509Certificate>();
        try (var parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IllegalStateException(file + " holds a " + object.getClass().getSimpleName()
                            + " where only PEM certificates are expected");
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificates from " + file, e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + " holds a certificate that cannot be parsed", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException(file + " holds no PEM certificate");
        }
        return List.copyOf(certificates);
    }

    /** The one PKCS#8 ({@code PRIVATE KEY}) private key in a PEM file. */
    static PrivateKey readPrivateKey(Path file) {
        try (var parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            if (!(object instanceof PrivateKeyInfo info) || parser.readObject() != null) {
                throw new IllegalStateException(file + " must hold exactly one unencrypted PKCS#8 private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the private key in " + file, e);
        }
    }

    /** Replaces {@code file} with the certificates in PEM, readable by all: certificates are public. */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode certificates for " + file, e);
        }
        replace(file, pem.toString(), PUBLIC);
    }

    /** Replaces {@code file} with the key in PKCS#8 PEM, readable and writable by its owner only. */
    static void writePrivateKey(Path file, PrivateKey key) {
        var pem = new StringWriter();
        // JcaPEMWriter alone writes EC keys as SEC 1 "EC PRIVATE KEY"; the generator gives PKCS#8, which every TLS stack reads.
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the private key for " + file, e);
        }
        replace(file, pem.toString(), OWNER_ONLY);
    }

    /** Creates {@code directory} (owner-only where the file system has POSIX permissions) if it is missing. */
    static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, attributes(directory, OWNER_ONLY_DIRECTORY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS folder " + directory, e);
        }
    }

    /**
     * Writes {@code content} to a temporary file created with {@code permissions} from the start (so a
     * key is never world-readable, not even for an instant), flushes it to disk, then moves it over
     * {@code file} in one step, so a reader sees the old file or the new one and never half of one.
     */
    private static void replace(Path file, String content, Set<PosixFilePermission> permissions) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", attributes(directory, permissions));
            try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Permissions to create a file with, where its file system has POSIX permissions; none elsewhere. */
    private static FileAttribute<?>[] attributes(Path file, Set<PosixFilePermission> permissions) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The write already failed and that failure is what the caller needs to see.
        }
    }
}
