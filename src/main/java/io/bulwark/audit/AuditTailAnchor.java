package io.bulwark.audit;

import io.bulwark.digest.HmacSha256;
import io.bulwark.digest.ConstantTime;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chain's tail, kept outside the database: the last record this node committed (sequence number and
 * hash), MACed under a key derived from the master key, in a file of the node's data folder. The keyed
 * chain alone cannot show that its newest records were removed (with the head row moved back); the
 * anchor can, as long as whoever edits the database cannot also put back an older anchor file.
 *
 * <p>The file has two fixed-size slots written in turn in place (a write into an open file costs about a
 * microsecond, a new file and a rename a few hundred): a reader takes the valid slot with the higher
 * sequence number, so a slot being written, or torn by a crash, leaves the other one to read.
 */
public final class AuditTailAnchor implements AutoCloseable {

    /** The file's name in the node's data folder. */
    public static final String FILE_NAME = "audit-anchor";
    /** The purpose under which the anchor's MAC key is derived from the master key. */
    public static final String KEY_PURPOSE = "audit-anchor";

    private static final int SLOT = 256;
    private static final Pattern LINE = Pattern.compile("bulwark-audit-anchor v1 ([0-9]{1,19}) ([0-9a-f]{64}) ([0-9a-f]{64})\\s*");

    private final Path file;
    private final SecretKey key;
    private FileChannel channel;
    private int nextSlot;

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
     * @throws InvalidAnchorException when the file is unreadable, or no slot holds a head under a matching MAC
     */
    public Optional<AuditChain.Head> read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidAnchorException("the audit tail anchor " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); make it readable by the user running Bulwark");
        }
        Optional<AuditChain.Head> newest = Optional.empty();
        boolean written = false;
        for (int offset = 0; offset < content.length; offset += SLOT) {
            String slot = new String(content, offset, Math.min(SLOT, content.length - offset), StandardCharsets.US_ASCII);
            if (slot.isBlank()) {
                continue;
            }
            written = true;
            Optional<AuditChain.Head> head = valid(slot);
            if (head.isPresent() && (newest.isEmpty() || head.get().seq() > newest.get().seq())) {
                newest = head;
            }
        }
        if (written && newest.isEmpty()) {
            throw new InvalidAnchorException("the audit tail anchor " + file + " does not match its MAC: it was edited, or written under "
                    + "another master key");
        }
        return newest;
    }

    /** Writes {@code head} into the slot not written last; the file is created owner-only on the first write. */
    public synchronized void record(AuditChain.Head head) throws IOException {
        if (channel == null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            nextSlot = channel.size() >= 2 * SLOT ? oldestSlot() : 0;
        }
        byte[] slot = new byte[SLOT];
        Arrays.fill(slot, (byte) ' ');
        byte[] line = ("bulwark-audit-anchor v1 " + head.seq() + " " + head.hash() + " " + mac(head)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(line, 0, slot, 0, line.length);
        slot[SLOT - 1] = '\n';
        channel.write(ByteBuffer.wrap(slot), (long) nextSlot * SLOT);
        nextSlot = 1 - nextSlot;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was pending: every slot write went straight to the file.
            }
            channel = null;
        }
    }

    /** The slot holding the lower sequence number (or an unreadable one), so the newest survives the next write. */
    private int oldestSlot() throws IOException {
        byte[] both = Files.readAllBytes(file);
        long first = valid(new String(both, 0, SLOT, StandardCharsets.US_ASCII)).map(AuditChain.Head::seq).orElse(-1L);
        long second = valid(new String(both, SLOT, SLOT, StandardCharsets.US_ASCII)).map(AuditChain.Head::seq).orElse(-1L);
        return first <= second ? 0 : 1;
    }

    private Optional<AuditChain.Head> valid(String slot) {
        Matcher line = LINE.matcher(slot);
        if (!line.matches()) {
            return Optional.empty();
        }
        AuditChain.Head head = new AuditChain.Head(Long.parseLong(line.group(1)), line.group(2));
        return ConstantTime.equal(mac(head), line.group(3)) ? Optional.of(head) : Optional.empty();
    }

    private String mac(AuditChain.Head head) {
        return HexFormat.of().formatHex(HmacSha256.of(key, ("bulwark-audit-anchor-v1\n" + head.seq() + "\n" + head.hash())
                .getBytes(StandardCharsets.US_ASCII)));
    }
}
