package io.bulwark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's {@code jcmd} (from the harness's own JDK) pointed at another JVM: a full GC, the heap in use
 * afterwards, and the class histogram of what is still reachable.
 */
final class Jcmd {

    // G1 and ZGC print the whole heap's use first: " garbage-first heap   total reserved 6291456K, committed 262144K, used 81234K".
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("committed (\\d+)([KMG])");
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)([KMG])");
    // "   1:        123456       98765432  [B (java.base@25)"
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+)$");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    /**
     * Heap in use and committed (-1 when the collector does not say), and metaspace in use, in KiB, as {@code GC.heap_info}
     * and {@code VM.metaspace} report them.
     */
    record HeapUse(long heapKib, long committedKib, long metaspaceKib) {
        double heapMib() {
            return heapKib / 1024.0;
        }

        double committedMib() {
            return committedKib / 1024.0;
        }

        double metaspaceMib() {
            return metaspaceKib / 1024.0;
        }
    }

    /** One class of the histogram: its instances and their shallow bytes. */
    record ClassRow(String className, long instances, long bytes) {
    }

    /** The live objects after the histogram's own full GC: the total bytes and the classes holding most, largest first. */
    record Histogram(long totalBytes, long totalInstances, List<ClassRow> top) {
    }

    private final String jcmd;

    Jcmd() {
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** Runs a full collection ({@code GC.run}, i.e. System.gc(), which the launcher's options leave explicit and blocking). */
    void fullGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
    }

    HeapUse heapInfo(long pid) throws IOException, InterruptedException {
        String heapText = run(pid, "GC.heap_info");
        String metaspaceText = run(pid, "VM.metaspace basic");
        Matcher heap = HEAP_USED.matcher(heapText);
        Matcher committed = HEAP_COMMITTED.matcher(heapText);
        Matcher metaspace = METASPACE_USED.matcher(metaspaceText);
        if (!heap.find() || !metaspace.find()) {
            throw new IllegalStateException("unexpected GC.heap_info or VM.metaspace output:\n" + heapText + metaspaceText);
        }
        return new HeapUse(kib(heap), committed.find() ? kib(committed) : -1, kib(metaspace));
    }

    /** {@code GC.class_histogram} (live objects only: it collects first), with the {@code top} classes by bytes. */
    Histogram histogram(long pid, int top) throws IOException, InterruptedException {
        List<String> lines = run(pid, "GC.class_histogram").lines().toList();
        List<ClassRow> rows = lines.stream().map(HISTOGRAM_ROW::matcher).filter(Matcher::matches)
                .map(m -> new ClassRow(m.group(3).trim(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
                .sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).limit(top).toList();
        Matcher total = lines.stream().map(HISTOGRAM_TOTAL::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Total line in GC.class_histogram"));
        return new Histogram(Long.parseLong(total.group(2)), Long.parseLong(total.group(1)), rows);
    }

    /** The flags the JVM runs with, as set on its command line or chosen by its ergonomics ({@code VM.flags}). */
    String flags(long pid) throws IOException, InterruptedException {
        return run(pid, "VM.flags").lines().filter(l -> l.startsWith("-")).findFirst().orElse("").trim();
    }

    private String run(long pid, String command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid)));
        line.addAll(List.of(command.split(" ")));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }

    private static long kib(Matcher m) {
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "M" -> value * 1024;
            case "G" -> value * 1024 * 1024;
            default -> value;
        };
    }
}
