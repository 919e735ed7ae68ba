package io.bulwark.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids of requests and of the records and events they cause: UUID version 7 (RFC 9562 §5.7), whose first 48 bits are
 * the Unix time in milliseconds. So an id says when it was made, and `bulwark audit search --request-id` finds its record
 * by time through the trail's time index instead of an index of its own that every request would pay for.
 */
public final class RequestIds {

    private static final int VERSION_7 = 7;

    private RequestIds() {
    }

    /** A new id made now. */
    public static String next() {
        return at(System.currentTimeMillis());
    }

    /** {@code id}, or a new one when there is none: an event not raised by a request still needs one to be an audit record. */
    public static String orNew(String id) {
        return id != null ? id : next();
    }

    /** A new id with {@code time} as its time (records made for another moment, such as imported or test records). */
    public static String at(Instant time) {
        return at(time.toEpochMilli());
    }

    /**
     * A new id with {@code epochMillis} as its time. The other 74 bits are random from {@link ThreadLocalRandom}: ids must
     * not collide, but no decision rests on their being unguessable (they are answered to every caller).
     */
    private static String at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // RFC 9562 §5.7: unix_ts_ms (48) | ver (4) | rand_a (12), then var (2, binary 10) | rand_b (62).
        long most = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | (long) VERSION_7 << 12 | random.nextInt(1 << 12);
        long least = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }

    /** When {@code id} was made, if it is a version 7 UUID (ids of other versions, such as older records' v4, say nothing). */
    public static Optional<Instant> timeOf(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
        if (uuid.version() != VERSION_7 || uuid.variant() != 2 || id.length() != 36) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
    }
}
