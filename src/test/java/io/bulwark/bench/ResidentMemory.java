package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident set as the kernel counts it in {@code /proc/<pid>/status}: now (VmRSS) and
 * its peak since the process started (VmHWM), in KiB.
 */
record ResidentMemory(long rssKib, long peakKib) {

    static ResidentMemory of(long pid) throws IOException {
        long rss = -1;
        long peak = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line);
            }
        }
        if (rss < 0 || peak < 0) {
            throw new IllegalStateException("no VmRSS/VmHWM in /proc/" + pid + "/status");
        }
        return new ResidentMemory(rss, peak);
    }

    private static long kib(String line) {
        // "VmRSS:	  123456 kB"
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").trim());
    }

    double rssMib() {
        return rssKib / 1024.0;
    }

    double peakMib() {
        return peakKib / 1024.0;
    }
}
