package io.bulwark.store;

import io.bulwark.config.MasterKeyConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 32-byte AES key that seals private keys at rest, from an environment variable or an
 * owner-only file. Its bytes never appear in {@code toString} or in any message.
 */
public final class MasterKey {

    /** Length of the key in bytes (AES-256). */
    public static final int LENGTH = 32;

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final byte[] bytes;

    private MasterKey(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** Loads the key the configuration points to, reading the process environment. */
    public static MasterKey load(MasterKeyConfig config) {
        return load(config, System::getenv);
    }

    /** As {@link #load(MasterKeyConfig)}, with the environment given (tests cannot set real variables). */
    static MasterKey load(MasterKeyConfig config, UnaryOperator<String> environment) {
        String variable = config.env() == null || config.env().isBlank() ? MasterKeyConfig.DEFAULT_ENV : config.env();
        String fromEnv = environment.apply(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv, "environment variable " + variable,
                    "set it to the output of `openssl rand -base64 32`");
        }
        if (config.file() == null) {
            throw new MasterKeyException("no master key: environment variable " + variable
                    + " is not set and no master key file is configured; set " + variable
                    + " to the output of `openssl rand -base64 32`, or configure a key file", null);
        }
        return fromFile(config.file());
    }

    /**
     * Returns the key in {@code file}, first writing a fresh random one there if the file does not
     * exist. The file is created readable by its owner only from the start, never wider.
     */
    public static MasterKey createIfMissing(Path file) {
        if (!Files.exists(file)) {
            try {
                writeNew(file);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; use that key, never overwrite it.
            } catch (IOException | UnsupportedOperationException e) {
                throw new MasterKeyException("cannot create master key file " + file + " (" + e.getMessage()
                        + "); check that its folder is writable, or create it with `openssl rand -base64 32 > "
                        + file + " && chmod 600 " + file + "`", e);
            }
        }
        return fromFile(file);
    }

    static MasterKey fromBytes(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a master key has " + LENGTH + " bytes");
        }
        return new MasterKey(key);
    }

    /** The key for javax.crypto; kept package-private so only the sealer can use it. */
    SecretKey secretKey() {
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * A 256-bit HMAC-SHA256 key for {@code purpose}, derived from this key with HKDF-Expand (RFC 5869
     * §2.3, one block). The master key is uniformly random, so it serves as the pseudorandom key
     * without an Extract step (RFC 5869 §3.3). Every node with the same master key derives the same
     * key; different purposes give independent keys, and the master key itself never leaves.
     */
    public SecretKey deriveHmacKey(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose must not be blank");
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(secretKey());
            hmac.update(("bulwark/" + purpose).getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0x01);
            byte[] derived = hmac.doFinal();
            try {
                return new SecretKeySpec(derived, "HmacSHA256");
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[AES-256, redacted]";
    }

    private static MasterKey fromFile(Path file) {
        checkOwnerOnly(file);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MasterKeyException("cannot read master key file " + file + " (" + e.getClass().getSimpleName()
                    + "); make it readable by the user running Bulwark, with owner-only permissions (`chmod 600 "
                    + file + "`)", e);
        }
        return decode(content, "master key file " + file, "create a new one with `openssl rand -base64 32 > "
                + file + " && chmod 600 " + file + "`");
    }

    private static void checkOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new MasterKeyException("master key file " + file + " does not exist; create it with "
                    + "`openssl rand -base64 32 > " + file + " && chmod 600 " + file + "`", e);
        } catch (UnsupportedOperationException e) {
            throw new MasterKeyException("master key file " + file + " is on a file system without POSIX "
                    + "permissions, so Bulwark cannot check that only its owner can read it; move it to a POSIX "
                    + "file system with `chmod 600`, or pass the key in the environment variable instead", e);
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the permissions of master key file " + file + " ("
                    + e.getClass().getSimpleName() + "); check the path and its folder permissions", e);
        }
        if (!Collections.disjoint(permissions, GROUP_OR_OTHER)) {
            throw new MasterKeyException("master key file " + file + " is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); restrict it to its owner with `chmod 600 "
                    + file + "`", null);
        }
    }

    private static MasterKey decode(String base64, String source, String fix) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character; leave it out so no key material leaks.
            throw new MasterKeyException(source + " is not valid base64; " + fix, null);
        }
        try {
            if (decoded.length != LENGTH) {
                throw new MasterKeyException(source + " must hold the base64 of exactly " + LENGTH
                        + " bytes but holds " + decoded.length + " bytes; " + fix, null);
            }
            return new MasterKey(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    private static void writeNew(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        byte[] encoded = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        // CREATE_NEW with the permission attribute: the file comes into existence as 600 (the umask can only
        // narrow it), and exactly one of two racing creators succeeds.
        try (FileChannel channel = FileChannel.open(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.wrap(encoded));
            channel.force(true);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }
}
