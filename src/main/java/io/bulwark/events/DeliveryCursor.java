package io.bulwark.events;

import io.bulwark.digest.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How far one webhook has got through the {@link EventOutbox}: the sequence number of the last event it received (or
 * gave up on), in a small file named after its URL's hash, replaced atomically after each event.
 */
public final class DeliveryCursor {

    private final Path file;
    private volatile long position;

    private DeliveryCursor(Path file, long position) {
        this.file = file;
        this.position = position;
    }

    /** The cursor of the webhook at {@code url} in {@code dir}; a new webhook starts at the outbox's beginning. */
    public static DeliveryCursor open(Path dir, URI url) {
        Path file = dir.resolve("cursor-" + Sha256.base64Url(url.toString()).substring(0, 16) + ".seq");
        try {
            long position = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
            return new DeliveryCursor(file, position);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("the webhook cursor " + file + " cannot be read; delete it to resend what the outbox holds", e);
        }
    }

    public long position() {
        return position;
    }

    /** Moves the cursor to {@code seq} and keeps it on disk before returning. */
    public void advance(long seq) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.writeString(next, Long.toString(seq), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the webhook cursor " + file + " cannot be written", e);
        }
        position = seq;
    }
}
