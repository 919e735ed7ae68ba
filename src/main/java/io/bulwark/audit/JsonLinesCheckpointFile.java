package io.bulwark.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each checkpoint as one JSON line to a file, flushed to disk before it returns: the copy
 * {@code bulwark audit verify --checkpoints FILE} checks the chain against. Lines are only ever added.
 */
public final class JsonLinesCheckpointFile implements CheckpointExport {

    private final Path file;

    public JsonLinesCheckpointFile(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "file " + file;
    }

    @Override
    public synchronized void export(AuditCheckpoint checkpoint) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((checkpoint.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(true);
        }
    }
}
