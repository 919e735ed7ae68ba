package io.bulwark.anomaly.traffic;

import io.bulwark.anomaly.TrafficRecord;

import java.io.Closeable;
import java.io.IOException;

/** Reads a traffic file one record at a time, so a multi-gigabyte file never sits in memory. */
public interface TrafficReader extends Closeable {

    /**
     * The next record, or null at the end of the file.
     *
     * @throws BadTrafficRecord when the next record cannot be read; the reader stays usable and moves past it
     * @throws IOException      when the file itself cannot be read (the reader is then done)
     */
    TrafficRecord next() throws IOException;

    /** About how far into the file the reader is, in bytes (for a progress bar). */
    long position();
}
