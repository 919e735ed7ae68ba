package io.bulwark.gateway.http;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit, chunk by chunk, and stops at the first byte over it: a body without
 * {@code Content-Length} (chunked) cannot make the gateway buffer more than the limit.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The whole body, or null as soon as it exceeds {@code maxBytes}. Awaits on the calling virtual thread. */
    static Buffer read(HttpServerRequest request, long maxBytes) {
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        request.exceptionHandler(done::tryFail);
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBytes) {
                done.tryComplete(null);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> done.tryComplete(body));
        return done.future().await();
    }
}
