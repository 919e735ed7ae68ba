package io.bulwark.anomaly.behaviour;

import io.bulwark.anomaly.AnomalyAlert.Subject;

import java.util.Objects;

/**
 * Whose behaviour: a client (its id) or a user (a token's {@code sub}).
 *
 * @param kind {@link Subject.Kind#CLIENT} or {@link Subject.Kind#USER}
 * @param id   the client id or the subject, as the audit event carries it (already cleaned)
 */
public record Identity(Subject.Kind kind, String id) {

    /** Shards the identities are spread over for scoring leases; the migration V16 creates one lease row each. */
    public static final int SHARDS = 16;

    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind == Subject.Kind.OPERATION) {
            throw new IllegalArgumentException("behaviour is per client or per user, not per operation");
        }
    }

    /** The key the store files it under, such as {@code client:partner-app}. */
    public String key() {
        return (kind == Subject.Kind.CLIENT ? "client:" : "user:") + id;
    }

    /** The identity a {@link #key()} names. */
    public static Identity ofKey(String key) {
        if (key.startsWith("client:")) {
            return new Identity(Subject.Kind.CLIENT, key.substring("client:".length()));
        }
        if (key.startsWith("user:")) {
            return new Identity(Subject.Kind.USER, key.substring("user:".length()));
        }
        throw new IllegalArgumentException("not an identity key: " + key);
    }

    /** The lease shard this identity is scored under, stable across nodes and versions. */
    public int shard() {
        // Not String.hashCode alone: its low bits are poor for short ids ending alike.
        int h = key().hashCode() * 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), SHARDS);
    }

    public Subject subject() {
        return new Subject(kind, id);
    }
}
