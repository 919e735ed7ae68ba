package io.bulwark.oauth.jwks;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a JWK Set over HTTPS with the JDK client, trusting what the given client trusts, with a
 * size cap so that a hostile or broken issuer cannot exhaust memory.
 */
public final class HttpsJwksRetriever implements ResourceRetriever {

    static final int MAX_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    public HttpsJwksRetriever(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url.toURI()).timeout(timeout)
                    .header("Accept", "application/jwk-set+json, application/json").GET().build();
        } catch (URISyntaxException e) {
            throw new IOException("JWKS URL is not a URI: " + url, e);
        }
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("JWKS endpoint " + url + " answered " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("JWKS from " + url + " exceeds " + MAX_BYTES + " bytes");
                }
                return new Resource(new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                        response.headers().firstValue("Content-Type").orElse(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }
}
