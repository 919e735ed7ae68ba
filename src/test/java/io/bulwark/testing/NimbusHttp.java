package io.bulwark.testing;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a request built by the Nimbus OAuth 2.0 SDK over a JDK {@link HttpClient}, so that a test
 * chooses the TLS identity per client (Nimbus's own transport shares one connection cache across them).
 */
public final class NimbusHttp {

    private NimbusHttp() {
    }

    public static HTTPResponse send(HttpClient http, HTTPRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI()).timeout(Duration.ofSeconds(20));
        request.getHeaderMap().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        String body = request.getBody();
        builder.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        HTTPResponse converted = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                converted.setHeader(name, values.toArray(String[]::new));
            }
        });
        converted.setBody(response.body());
        return converted;
    }
}
