package io.bulwark.server;

import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.config.TlsFiles;
import io.bulwark.tls.DevCertificateAuthority;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection-level limits on a real TLS listener, driven by raw sockets as an attacker would drive them. */
class ConnectionGuardTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private DevCertificateAuthority ca;
    private TlsFiles identity;
    private ConnectionGuard guard;
    private int port;

    /** A deadline that never fires while a test runs (sockets give up after 10 s), so that only the deadline under test can. */
    private static final Duration NEVER = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private static RequestLimitsConfig limits(int maxConnections, int perIp) {
        return limits(maxConnections, perIp, DEADLINE, DEADLINE, Duration.ofSeconds(3), DEADLINE);
    }

    private static RequestLimitsConfig limits(int maxConnections, int perIp, Duration headerRead, Duration bodyRead, Duration idle,
                                              Duration handshake) {
        return new RequestLimitsConfig(maxConnections, perIp, 2048, 20, 1024, headerRead, bodyRead, idle, handshake, 1024, 32, 1000,
                new RequestLimitsConfig.PageSize(List.of(), 100, Map.of()));
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        identity = ca.serverIdentity("server", List.of("localhost"), List.of("127.0.0.1"));
    }

    private void listen(RequestLimitsConfig limits) {
        guard = new ConnectionGuard(limits);
        port = HttpsListener.start(vertx, ConnectionGuard.apply(TlsPolicy.server(identity), limits), "127.0.0.1", 0,
                () -> request -> {
                    request.body().await();
                    request.response().end("ok");
                }, guard);
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) TlsPolicy.jdkClientContext(ca.caCertificate()).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readResponseHead(socket.getInputStream());
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        if (length.find()) {
            socket.getInputStream().readNBytes(Integer.parseInt(length.group(1)));
        }
        return head;
    }

    /** The status line and headers of one response, or "closed" when the server closed the connection first. */
    private static String readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            // A closed TLS connection can surface as an alert or a reset rather than a clean end of stream.
        }
        return head.size() == 0 ? "closed" : head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Milliseconds until the server closes {@code socket} (read gets -1 or a reset); fails after 10 s. */
    private static long millisUntilClosed(Socket socket, long start) throws IOException {
        try {
            while (socket.getInputStream().read() != -1) {
                // Drain whatever the server answers before closing.
            }
        } catch (java.net.SocketException | javax.net.ssl.SSLException e) {
            // Reset: closed too.
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aClientTricklingItsHeadersIsCutOffAtTheHeaderReadDeadline() throws Exception {
        // Only the header-read deadline can close this connection within the socket's 10 s: idle and handshake never fire.
        listen(limits(10, 10, DEADLINE, NEVER, NEVER, NEVER));
        long start = System.nanoTime(); // before the server sees the connection, so the deadline cannot look early
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // Slowloris: one header byte every 100 ms, never finishing the head, so the idle timeout never fires.
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // The server closed the connection: that is the point.
                }
            });
            long closedAfter = millisUntilClosed(socket, start);
            trickle.interrupt();
            assertThat(closedAfter).as("closed by the header-read deadline, not before it").isGreaterThanOrEqualTo(DEADLINE.toMillis());
        }
        assertThat(waitForOpenConnections(0)).isZero();
    }

    @Test
    void aClientTricklingItsBodyIsCutOffAtTheBodyReadDeadline() throws Exception {
        listen(limits(10, 10, NEVER, DEADLINE, NEVER, NEVER));
        long start = System.nanoTime();
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(millisUntilClosed(socket, start)).as("closed by the body-read deadline, not before it")
                    .isGreaterThanOrEqualTo(DEADLINE.toMillis());
        }
    }

    @Test
    void connectionsFromOneAddressBeyondTheLimitAreClosedAtOnce() throws Exception {
        listen(limits(100, 3));
        List<SSLSocket> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SSLSocket socket = connect();
                assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
                admitted.add(socket);
            }
            assertThat(guard.openConnections()).isEqualTo(3);
            try (SSLSocket fourth = connect()) {
                assertThat(exchange(fourth, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).isEqualTo("closed");
            }
            // The first connections still work, and one closing makes room for a new one.
            assertThat(exchange(admitted.getFirst(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
            admitted.removeFirst().close();
            waitForOpenConnections(2);
            try (SSLSocket again = connect()) {
                assertThat(exchange(again, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (SSLSocket socket : admitted) {
                socket.close();
            }
        }
    }

    @Test
    void connectionsBeyondTheListenersLimitAreClosedAtOnce() throws Exception {
        listen(limits(2, 2));
        try (SSLSocket one = connect(); SSLSocket two = connect()) {
            assertThat(exchange(one, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(exchange(two, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
            try (SSLSocket three = connect()) {
                assertThat(exchange(three, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).isEqualTo("closed");
            }
        }
    }

    @Test
    void tooManyHeaderFieldsAre431() throws Exception {
        listen(limits(10, 10));
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 19; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        try (SSLSocket socket = connect()) {
            assertThat(exchange(socket, request + "\r\n")).as("20 fields: within the limit").startsWith("HTTP/1.1 200");
        }
        try (SSLSocket socket = connect()) {
            String response = exchange(socket, request + "X-One-Too-Many: v\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 431").contains("application/problem+json");
        }
    }

    @Test
    void oversizedHeadersAre431AndAnOversizedRequestLineIs414() throws Exception {
        listen(limits(10, 10));
        try (SSLSocket socket = connect()) {
            assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(3000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431");
        }
        try (SSLSocket socket = connect()) {
            assertThat(exchange(socket, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")).matches("HTTP/1\\.[01] 414(?s).*");
        }
    }

    @Test
    void aTcpConnectionThatNeverStartsTlsIsClosedAtTheHandshakeTimeout() throws Exception {
        listen(limits(10, 10, NEVER, NEVER, NEVER, DEADLINE));
        try (Socket raw = new Socket()) {
            long start = System.nanoTime();
            raw.connect(new InetSocketAddress("127.0.0.1", port));
            raw.setSoTimeout(10_000);
            assertThat(millisUntilClosed(raw, start)).as("closed by the handshake timeout, not before it")
                    .isGreaterThanOrEqualTo(DEADLINE.toMillis());
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheIdleTimeout() throws Exception {
        Duration idle = Duration.ofSeconds(2);
        listen(limits(10, 10, NEVER, NEVER, idle, NEVER));
        try (SSLSocket socket = connect()) {
            long start = System.nanoTime(); // before the request, so before the server's idle time starts
            assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(millisUntilClosed(socket, start)).as("closed by the idle timeout, not before it").isGreaterThanOrEqualTo(idle.toMillis());
        }
    }

    private int waitForOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (guard.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return guard.openConnections();
    }
}
