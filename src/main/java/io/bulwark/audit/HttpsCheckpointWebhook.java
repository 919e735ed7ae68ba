package io.bulwark.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs each checkpoint as JSON to an HTTPS receiver (a SIEM, a write-once bucket's gateway); any 2xx keeps it. */
public final class HttpsCheckpointWebhook implements CheckpointExport {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final HttpClient http;

    /** @param http a client whose TLS context trusts the receiver */
    public HttpsCheckpointWebhook(URI url, HttpClient http) {
        this.url = url;
        this.http = http;
    }

    @Override
    public String name() {
        // The host only: a path may carry a receiver's token.
        return "webhook https://" + url.getAuthority();
    }

    @Override
    public void export(AuditCheckpoint checkpoint) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(checkpoint.toJsonLine())).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting the checkpoint", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(name() + " answered " + response.statusCode());
        }
    }
}
