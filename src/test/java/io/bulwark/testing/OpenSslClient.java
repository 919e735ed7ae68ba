package io.bulwark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs {@code openssl s_client} against a local port: a TLS client that Bulwark's JDK stack did not write. */
public final class OpenSslClient {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private OpenSslClient() {
    }

    /** What one handshake attempt showed: whether it completed, and what openssl printed. */
    public record Result(boolean connected, String output) {
    }

    /** Skips the calling test where openssl is missing, except under CI, where that is a failure. */
    public static void requireOpenSsl() {
        if (!Files.isExecutable(OPENSSL)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(OPENSSL + " is missing; the TLS policy tests need it under CI");
            }
            Assumptions.abort(OPENSSL + " is missing: skipping the openssl s_client TLS tests");
        }
    }

    /** Connects to {@code localhost:port} trusting {@code caFile}, with {@code options} such as {@code -tls1_2}. */
    public static Result connect(int port, Path caFile, String... options) {
        var command = new ArrayList<>(List.of(OPENSSL.toString(), "s_client", "-brief",
                "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                "-CAfile", caFile.toString(), "-verify_return_error"));
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // No input: s_client completes the handshake, reads end of file, and closes the connection.
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl s_client did not finish within 20 s: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue() == 0 && output.contains("CONNECTION ESTABLISHED"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running openssl", e);
        }
    }
}
