package io.bulwark.anomaly.traffic;

import java.nio.file.Path;

/** A record in a traffic file that cannot be read: names the file, the line (or HAR entry) and the fix. */
public final class BadTrafficRecord extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final boolean fatal;

    /**
     * @param file    the traffic file
     * @param line    the 1-based line (JSON Lines) or line where the entry starts (HAR)
     * @param problem what is wrong and how to fix it
     */
    public BadTrafficRecord(Path file, long line, String problem) {
        this(file, line, problem, false);
    }

    /** As above; {@code fatal} when the reader cannot go on past it (broken JSON or HAR structure). */
    public BadTrafficRecord(Path file, long line, String problem, boolean fatal) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.fatal = fatal;
    }

    /** True when nothing after it in the file can be read. */
    public boolean fatal() {
        return fatal;
    }

    /** The traffic file. */
    public Path file() {
        return file;
    }

    /** The 1-based line the bad record starts on. */
    public long line() {
        return line;
    }
}
