package io.bulwark.gateway.http;

import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An upstream reached with a Vert.x HTTP client (configured for mTLS by the caller). Blocks the
 * calling virtual thread, never an event loop, until the upstream answers or the timeout passes.
 */
public final class VertxUpstream implements Upstream {

    private final HttpClient client;
    private final URI baseUrl;
    private final String basePath;
    private final Duration timeout;

    public VertxUpstream(HttpClient client, URI baseUrl, Duration timeout) {
        this.client = client;
        this.baseUrl = baseUrl;
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeout = timeout;
    }

    @Override
    public GatewayResponse send(Request request) throws UpstreamException {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(baseUrl.getHost())
                .setPort(baseUrl.getPort() > 0 ? baseUrl.getPort() : 443)
                .setSsl(true)
                .setURI(basePath + request.pathAndQuery())
                .setTimeout(timeout.toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        options.setHeaders(headers);
        try {
            return client.request(options)
                    .compose(outbound -> outbound.send(Buffer.buffer(request.body())))
                    .compose(inbound -> inbound.body().map(body -> toResponse(inbound, body)))
                    .await();
        } catch (Exception e) {
            // Future.await() rethrows the failure as it is, checked exceptions included.
            throw UpstreamException.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), isTimeout(e), e);
        }
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static GatewayResponse toResponse(HttpClientResponse response, Buffer body) {
        return new GatewayResponse(response.statusCode(), VertxHeaders.toMap(response.headers()), body.getBytes(), null, null);
    }

}
