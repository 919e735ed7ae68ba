package io.bulwark.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.audit.SecurityEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A security event as it leaves the node: its idempotency {@code id}, its type and its JSON, the exact bytes a
 * webhook receives and a stream subscriber reads (already redacted by {@link SecurityEvent}).
 *
 * @param id   a random UUID, the same on every delivery attempt and after a restart: receivers deduplicate on it
 * @param type the event type, such as {@code authentication_lockout}
 * @param at   when it happened
 * @param json {@code {"id","type","time","request_id","remote_address","details"}}
 */
public record OutboundEvent(String id, String type, Instant at, String json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public OutboundEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(json, "json");
    }

    /** {@code event} with a new id. */
    public static OutboundEvent of(SecurityEvent event) {
        String id = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("type", event.type());
        body.put("time", event.at().toString());
        body.put("request_id", event.requestId());
        if (event.remoteAddress() != null) {
            body.put("remote_address", event.remoteAddress());
        }
        ObjectNode details = body.putObject("details");
        event.details().forEach(details::put);
        try {
            return new OutboundEvent(id, event.type(), event.at(), JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a security event could not be written as JSON", e);
        }
    }
}
