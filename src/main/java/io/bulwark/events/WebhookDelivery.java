package io.bulwark.events;

import io.bulwark.config.WebhookConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Delivers the outbox to one webhook, in order, on a virtual thread of its own: POST each event of the webhook's types,
 * signed; on a failure wait ({@link Backoff}, growing with consecutive failures) and try the same event again, until it
 * is older than the give-up age or the receiver refuses it for good (a 4xx other than 408, 425 and 429): then it goes
 * to the {@link DeadLetterFile}. The cursor moves only after a 2xx (or a dead letter), so delivery is at least once:
 * an event whose 2xx was lost to a crash is sent again, with the same {@code id}.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final WebhookConfig webhook;
    private final HttpClient http;
    private final EventOutbox outbox;
    private final DeliveryCursor cursor;
    private final DeadLetterFile deadLetters;
    private final EventSignature signature;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final InstantSource clock;
    private final LongConsumer advanced;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private int consecutiveFailures;

    /**
     * Starts delivering at once.
     *
     * @param advanced told the cursor's new position after each event, so the outbox can drop what all webhooks passed
     */
    public WebhookDelivery(WebhookConfig webhook, HttpClient http, EventOutbox outbox, DeliveryCursor cursor, DeadLetterFile deadLetters,
                           EventSignature signature, Backoff backoff, Duration giveUpAfter, InstantSource clock, LongConsumer advanced) {
        this.webhook = webhook;
        this.http = http;
        this.outbox = outbox;
        this.cursor = cursor;
        this.deadLetters = deadLetters;
        this.signature = signature;
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.advanced = advanced;
        this.thread = Thread.ofVirtual().name("bulwark-webhook-" + webhook.url().getHost()).start(this::run);
    }

    private void run() {
        try {
            while (!closed) {
                Optional<EventOutbox.Entry> next = outbox.next(cursor.position(), IDLE_WAIT);
                if (next.isPresent() && !step(next.get())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers (or skips) one entry and moves the cursor past it; false once closed. */
    private boolean step(EventOutbox.Entry entry) throws InterruptedException {
        if (webhook.accepts(entry.event().type()) && !deliver(entry)) {
            return false;
        }
        try {
            cursor.advance(entry.seq());
            advanced.accept(entry.seq());
        } catch (RuntimeException e) {
            // The cursor stays behind: the event is sent again (at least once), after a pause rather than in a tight loop.
            LOG.error("webhook {}: the cursor could not be moved past event {}: {}", webhook.url(), entry.event().id(), e.toString());
            Thread.sleep(IDLE_WAIT);
        }
        return true;
    }

    /** True once the event is delivered or dead-lettered; false when closed meanwhile (it is sent again after a restart). */
    private boolean deliver(EventOutbox.Entry entry) throws InterruptedException {
        OutboundEvent event = entry.event();
        int attempts = 0;
        while (!closed) {
            attempts++;
            Attempt attempt = attempt(event);
            if (attempt.delivered()) {
                consecutiveFailures = 0;
                delivered.incrementAndGet();
                return true;
            }
            failedAttempts.incrementAndGet();
            consecutiveFailures++;
            boolean tooOld = clock.instant().isAfter(entry.enqueuedAt().plus(giveUpAfter));
            if (attempt.permanent() || tooOld) {
                deadLetters.add(webhook.url().toString(), event, attempts, attempt.error(), clock.instant());
                deadLettered.incrementAndGet();
                LOG.warn("security event {} ({}) given up for webhook {} after {} attempts: {}", event.id(), event.type(),
                        webhook.url(), attempts, attempt.error());
                return true;
            }
            Duration wait = backoff.after(consecutiveFailures, ThreadLocalRandom.current());
            LOG.debug("webhook {} failed ({}); next attempt in {} ms", webhook.url(), attempt.error(), wait.toMillis());
            Thread.sleep(wait);
        }
        return false;
    }

    private record Attempt(boolean delivered, boolean permanent, String error) {
    }

    private Attempt attempt(OutboundEvent event) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url()).timeout(webhook.timeout())
                .header("Content-Type", "application/json")
                .header("Bulwark-Event-Id", event.id())
                .header("Bulwark-Event-Type", event.type())
                .header(EventSignature.HEADER, signature.sign(event.json()))
                .POST(HttpRequest.BodyPublishers.ofString(event.json()));
        webhook.headers().forEach(request::header);
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, false, "");
            }
            // RFC 9110 §15.5: a 4xx says the request itself is wrong, so sending it again cannot help; 408, 425 and 429 can.
            boolean permanent = status >= 400 && status < 500 && status != 408 && status != 425 && status != 429;
            return new Attempt(false, permanent, "HTTP " + status);
        } catch (IOException e) {
            return new Attempt(false, false, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, false, "interrupted");
        }
    }

    public WebhookConfig webhook() {
        return webhook;
    }

    /** Events this webhook acknowledged with a 2xx since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that failed since start (each retry counts). */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Events given up on since start. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Events in the outbox this webhook has not passed yet (of any type). */
    public int pending() {
        return outbox.pendingAfter(cursor.position());
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
