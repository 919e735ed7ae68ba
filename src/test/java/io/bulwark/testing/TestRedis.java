package io.bulwark.testing;

import io.bulwark.config.RedisConfig;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project machines' Redis (127.0.0.1:6379) for tests of the shared adapters: skipped with a reason when
 * unreachable, a failure under {@code CI=true}. Each test writes under a key prefix of its own, so runs never
 * collide. Fault tests start a {@link PrivateServer} of their own on a free port and stop that one only.
 */
public final class TestRedis {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("BULWARK_TEST_REDIS_PORT", "6379"));

    private TestRedis() {
    }

    /** Skips the calling test when Redis is unreachable; fails it instead under {@code CI=true}. */
    public static void assumeAvailable() {
        String reason = answersPing(PORT) ? null : "Redis at " + HOST + ":" + PORT + " does not answer PING";
        if (reason != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; under CI=true the Redis tests must run");
        }
        Assumptions.assumeTrue(reason == null, () -> reason + "; skipping this Redis test (under CI=true it fails instead)");
    }

    /** A key prefix unique to this run. */
    public static String newKeyPrefix() {
        return "bulwark-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** A configuration for the shared Redis under a fresh prefix. */
    public static RedisConfig sharedConfig() {
        return config(PORT, newKeyPrefix());
    }

    public static RedisConfig config(int port, String prefix) {
        return new RedisConfig(URI.create("redis://" + HOST + ":" + port), null, prefix, Duration.ofMillis(300));
    }

    /** True when a Redis on {@code port} answers PING (plain RESP over a socket, no client library involved). */
    public static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** A {@code redis-server} of the test's own, without persistence, that the test may stop and start again. */
    public static final class PrivateServer implements AutoCloseable {
        private final int port;
        private final Path log;
        private Process process;

        public PrivateServer(Path folder) {
            this.port = FreePorts.next();
            this.log = folder.resolve("redis-" + port + ".log");
        }

        public int port() {
            return port;
        }

        public PrivateServer start() throws IOException, InterruptedException {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", HOST, "--save", "",
                    "--appendonly", "no").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!answersPing(port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    fail("private redis-server on port " + port + " did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return this;
        }

        /** Kills the server (SIGKILL, as a crash would). */
        public void kill() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                process = null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
