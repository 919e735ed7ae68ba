package io.bulwark.audit;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chain's tail, kept outside the database: the last record this node committed (sequence number and
 * hash), MACed under a key derived from the master key, in a file of the node's data folder. The keyed
 * chain alone cannot show that its newest records were removed (with the head row moved back); the
 * anchor can, as long as whoever edits the database cannot also put back an older anchor file.
 */
public final class AuditTailAnchor {

    /** The file's name in the node's data folder. */
    public static final String FILE_NAME = "audit-anchor";
    /** The purpose under which the anchor's MAC key is derived from the master key. */
    public static final String KEY_PURPOSE = "audit-anchor";

    private static final Pattern LINE = Pattern.compile("bulwark-audit-anchor v1 ([0-9]{1,19}) ([0-9a-f]{64}) ([0-9a-f]{64})\\s*");

    private final Path file;
    private final SecretKey key;

    /** The anchor file exists but is not one this key wrote: edited, replaced, or written under another master key. */
    public static final class InvalidAnchorException extends RuntimeException {
        InvalidAnchorException(String message) {
            super(message);
        }
    }

    /**
     * @param file the anchor file, normally {@code <data-dir>/audit-anchor}
     * @param key  the HMAC-SHA256 key derived for {@link #KEY_PURPOSE}
     */
    public AuditTailAnchor(Path file, SecretKey key) {
        this.file = Objects.requireNonNull(file, "file");
        this.key = Objects.requireNonNull(key, "key");
    }

    public Path file() {
        return file;
    }

    /**
     * The anchored head, or empty when no anchor was written yet.
     *
     * @throws InvalidAnchorException when the file is unreadable or its MAC does not match
     */
    public Optional<AuditChain.Head> read() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidAnchorException("the audit tail anchor " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); make it readable by the user running Bulwark");
        }
        Matcher line = LINE.matcher(content);
        if (!line.matches()) {
            throw new InvalidAnchorException("the audit tail anchor " + file + " is not in the form Bulwark writes: it was edited or damaged");
        }
        AuditChain.Head head = new AuditChain.Head(Long.parseLong(line.group(1)), line.group(2));
        if (!MessageDigest.isEqual(mac(head).getBytes(StandardCharsets.US_ASCII), line.group(3).getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidAnchorException("the audit tail anchor " + file + " does not match its MAC: it was edited, or written under "
                    + "another master key");
        }
        return Optional.of(head);
    }

    /** Replaces the anchor with {@code head}, atomically: a reader sees the old anchor or the new one, never half of one. */
    public void record(AuditChain.Head head) throws IOException {
        String content = "bulwark-audit-anchor v1 " + head.seq() + " " + head.hash() + " " + mac(head) + "\n";
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path next = Files.createTempFile(folder, FILE_NAME, ".next", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(next, content, StandardCharsets.US_ASCII);
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(next);
        }
    }

    private String mac(AuditChain.Head head) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return HexFormat.of().formatHex(hmac.doFinal(("bulwark-audit-anchor-v1\n" + head.seq() + "\n" + head.hash())
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no HmacSHA256", e);
        }
    }
}
