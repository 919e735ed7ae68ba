package io.bulwark.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * A span processor that takes nothing. The SDK hands out invalid spans, without trace ids, while it has no processor
 * at all; with this one it makes ids, so that with export off every upstream still gets a {@code traceparent}.
 */
final class IdsOnly implements SpanProcessor {

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        // nothing: only the ids are wanted
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: no span is recorded with export off
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
