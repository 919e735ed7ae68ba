package io.bulwark.demo.traffic;

import io.bulwark.anomaly.TrafficRecord;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One request of the traffic: when, by which client for which user, from where, what, the answer it is expected to get,
 * and the attack it belongs to. No secret: the {@code Authorization} and {@code DPoP} headers hold placeholders, which
 * the live driver replaces with a real token and proof.
 *
 * @param id        {@code r-<n>} in time order, or null before the traffic is numbered
 * @param subject   the user ({@code sub}), or null for a client acting for itself or no token at all
 * @param operation the bank operation, or null for a request that is none (the sign-in page, an undeclared route)
 * @param url       path and query, no scheme or host
 * @param body      the raw body, or null
 * @param status    the answer a gateway with these rules gives, as far as the generator can tell
 * @param attackId  the attack it belongs to, or null for normal traffic
 */
public record PlannedRequest(String id, Instant time, String clientId, String subject, String source, BankOperation operation,
                             String method, String url, Map<String, String> headers, String body, int status, String attackId) {

    public PlannedRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The same request numbered {@code id}. */
    PlannedRequest withId(String newId) {
        return new PlannedRequest(newId, time, clientId, subject, source, operation, method, url, headers, body, status, attackId);
    }

    /** The request as the detectors read a traffic file's line ({@code anomaly.TrafficRecord}), at the time and status given. */
    public TrafficRecord toTrafficRecord(Instant sentAt, int answered) {
        return new TrafficRecord(id, Optional.of(sentAt), clientId, subject, source, method, url, headers, body, OptionalInt.of(answered),
                Optional.of(isAttack() ? TrafficRecord.Label.ATTACK : TrafficRecord.Label.NORMAL));
    }

    /** Whether it is part of an attack. */
    public boolean isAttack() {
        return attackId != null;
    }

    /** Whether it goes to the gateway (the bank's API), else to the authorization server (the sign-in page). */
    public boolean toGateway() {
        return url.startsWith(BankOperation.BASE_PATH + "/");
    }
}
