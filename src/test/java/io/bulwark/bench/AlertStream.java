package io.bulwark.bench;

import io.bulwark.tls.TlsPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A subscriber of the management listener's security event stream ({@code GET /events/stream?types=anomaly_detected},
 * Server-Sent Events, open on loopback), keeping every alert with the time it arrived.
 */
final class AlertStream implements AutoCloseable {

    private final HttpClient http;
    private final List<ObservedAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean closing;

    private AlertStream(HttpClient http, URI stream) {
        this.http = http;
        this.reader = Thread.ofVirtual().name("bench-alert-stream").start(() -> read(stream));
    }

    /** Subscribes, and returns once the stream answered (its first comment line). */
    static AlertStream subscribe(int managementPort, Path caCertificate) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(caCertificate)).build();
        AlertStream stream = new AlertStream(http, URI.create("https://127.0.0.1:" + managementPort + "/events/stream?types=anomaly_detected"));
        if (!stream.subscribed.await(10, TimeUnit.SECONDS)) {
            stream.close();
            throw new IllegalStateException("the security event stream did not answer within 10 s");
        }
        return stream;
    }

    private void read(URI stream) {
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the security event stream answered " + response.statusCode());
            }
            subscribed.countDown();
            String event = null;
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ") && "anomaly_detected".equals(event)) {
                    try {
                        alerts.add(ObservedAlert.parse(line.substring("data: ".length()), Instant.now()));
                    } catch (IOException | RuntimeException e) {
                        unreadable.add(e.getMessage());
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            if (!closing) {
                unreadable.add("the stream broke: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The alerts so far, in arrival order. */
    List<ObservedAlert> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    /** Frames that could not be read as alerts, and a broken stream. */
    List<String> problems() {
        synchronized (unreadable) {
            return List.copyOf(unreadable);
        }
    }

    @Override
    public void close() {
        closing = true;
        http.shutdownNow();
        reader.interrupt();
    }
}
