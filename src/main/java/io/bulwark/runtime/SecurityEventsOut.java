package io.bulwark.runtime;

import io.bulwark.audit.AuditTrail;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.config.SecurityEventsConfig;
import io.bulwark.config.WebhookConfig;
import io.bulwark.events.Backoff;
import io.bulwark.events.DeadLetterFile;
import io.bulwark.events.DeliveryCursor;
import io.bulwark.events.EventOutbox;
import io.bulwark.events.EventSignature;
import io.bulwark.events.SecurityEventHub;
import io.bulwark.events.SecurityEventStream;
import io.bulwark.events.WebhookDelivery;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's security events out, built from {@code security-events}: the hub every emitter records to, the live stream,
 * and (with webhooks) the outbox in {@code <data-dir>/security-events}, the dead-letter file and one delivery per
 * webhook, started once the gateway's identity keys exist to sign with.
 */
public final class SecurityEventsOut implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventsOut.class);
    // The outbox file is rewritten without what every webhook passed once they are this many events further.
    private static final long COMPACT_EVERY = 1_000;
    // Undelivered events the outbox holds at most (a few hundred bytes each, on disk and in memory); beyond it, new events
    // still reach the log, the audit trail and the stream, and the outbox's refusals are counted.
    private static final int OUTBOX_CAPACITY = 100_000;

    private final SecurityEventsConfig config;
    private final Path dir;
    private final SecurityEventHub hub;
    private final Optional<EventOutbox> outbox;
    private final List<DeliveryCursor> cursors;
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private final Optional<DeadLetterFile> deadLetters;
    private long compactedThrough;

    private SecurityEventsOut(SecurityEventsConfig config, Path dir, SecurityEventHub hub, Optional<EventOutbox> outbox,
                              List<DeliveryCursor> cursors, Optional<DeadLetterFile> deadLetters) {
        this.config = config;
        this.dir = dir;
        this.hub = hub;
        this.outbox = outbox;
        this.cursors = cursors;
        this.deadLetters = deadLetters;
    }

    /** Opens the outbox (when webhooks are configured) and starts the hub; nothing is delivered before {@link #startDelivery}. */
    static SecurityEventsOut open(SecurityEventsConfig config, Path dataDir, AuditTrail auditTrail) {
        Path dir = dataDir.resolve("security-events");
        List<DeliveryCursor> cursors = new ArrayList<>();
        Optional<EventOutbox> outbox = Optional.empty();
        Optional<DeadLetterFile> deadLetters = Optional.empty();
        if (!config.webhooks().isEmpty()) {
            config.webhooks().forEach(webhook -> cursors.add(DeliveryCursor.open(dir, webhook.url())));
            long furthest = cursors.stream().mapToLong(DeliveryCursor::position).max().orElse(0);
            outbox = Optional.of(EventOutbox.open(dir, furthest, OUTBOX_CAPACITY));
            deadLetters = Optional.of(DeadLetterFile.open(dir, config.deadLetterCapacity()));
        }
        SecurityEventHub hub = new SecurityEventHub(new LoggingSecurityEventSink(), auditTrail,
                new SecurityEventStream(config.streamBuffer()), outbox,
                type -> config.webhooks().stream().anyMatch(webhook -> webhook.accepts(type)), InstantSource.system());
        return new SecurityEventsOut(config, dir, hub, outbox, cursors, deadLetters);
    }

    /** Starts one delivery thread per webhook, signing with {@code identityKeys}. */
    void startDelivery(SigningKeyRing identityKeys) {
        if (outbox.isEmpty()) {
            return;
        }
        EventSignature signature = new EventSignature(identityKeys);
        Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        for (int i = 0; i < config.webhooks().size(); i++) {
            WebhookConfig webhook = config.webhooks().get(i);
            deliveries.add(new WebhookDelivery(webhook, httpClient(webhook), outbox.get(), cursors.get(i), deadLetters.orElseThrow(),
                    signature, backoff, config.giveUpAfter(), InstantSource.system(), seq -> compact()));
            LOG.info("security events: webhook {} (types: {})", webhook.url(), webhook.types().isEmpty() ? "all" : webhook.types());
        }
    }

    private static HttpClient httpClient(WebhookConfig webhook) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(webhook.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        webhook.trustedCa().ifPresent(ca -> http.sslContext(TlsPolicy.jdkClientContext(ca)));
        return http.build();
    }

    private synchronized void compact() {
        long passedByAll = cursors.stream().mapToLong(DeliveryCursor::position).min().orElse(0);
        if (passedByAll - compactedThrough < COMPACT_EVERY) {
            return;
        }
        try {
            outbox.orElseThrow().compactThrough(passedByAll);
            compactedThrough = passedByAll;
        } catch (IOException e) {
            LOG.warn("security event outbox in {} could not be compacted: {}", dir, e.getMessage());
        }
    }

    public SecurityEventHub hub() {
        return hub;
    }

    /** One delivery per webhook, with its counts. */
    public List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The dead-letter file, when webhooks are configured. */
    public Optional<DeadLetterFile> deadLetters() {
        return deadLetters;
    }

    ManagementRoutes routes() {
        return new SecurityEventRoutes(hub.stream());
    }

    /** Stops the deliveries (what they had not sent stays in the outbox), then the hub; before the audit trail closes. */
    @Override
    public void close() {
        deliveries.forEach(WebhookDelivery::close);
        hub.close();
        outbox.ifPresent(EventOutbox::close);
    }
}
