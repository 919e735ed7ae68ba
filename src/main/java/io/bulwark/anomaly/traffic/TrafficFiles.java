package io.bulwark.anomaly.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Opens a traffic file with the reader its format needs: HAR by its {@code .har} name or its {@code {"log"} start, else JSON Lines. */
public final class TrafficFiles {

    private static final Pattern HAR_START = Pattern.compile("^\\s*\\{\\s*(\"log\"\\s*:.*)?$");

    private TrafficFiles() {
    }

    /**
     * A reader for {@code file}.
     *
     * @throws IOException with a message naming the file when it is missing or unreadable
     */
    public static TrafficReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such traffic file; give a JSON Lines or HAR file");
        }
        return isHar(file) ? new HarTrafficReader(file) : new JsonLinesTrafficReader(file);
    }

    static boolean isHar(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".har")) {
            return true;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            char[] head = new char[256];
            int n = in.read(head);
            if (n <= 0) {
                return false;
            }
            String first = new String(head, 0, n).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            return HAR_START.matcher(first).matches() && !first.contains("\"method\"");
        }
    }
}
