package io.bulwark.anomaly.behaviour;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one identity did in one window, as counts and small sets: what one node saw, or several nodes' shares merged.
 * The sets are capped (a window past the cap reads as at least the cap, which is already far past usual), so a
 * window's size is bounded whatever the traffic. Not thread-safe: its owner serializes access.
 */
public final class WindowCounts {

    /** Distinct objects kept per parameter name; an enumeration past this reads as this many. */
    static final int MAX_OBJECTS = 4_096;
    static final int MAX_OBJECT_NAMES = 8;
    static final int MAX_OPERATIONS = 256;
    static final int MAX_ADDRESSES = 64;
    static final int MAX_REASONS = 16;
    private static final byte FORMAT = 1;

    long requests;
    long unauthorized;
    long forbidden;
    long notFound;
    long limited;
    long otherRefusals;
    long bytesOut;
    long payments;
    final Map<String, Long> refusals = new TreeMap<>();
    final Map<String, Set<Long>> objects = new TreeMap<>();
    final Set<String> operations = new HashSet<>();
    final Set<String> addresses = new LinkedHashSet<>();

    /** Counts one request's decision event. */
    public void add(AuditEvent event) {
        requests++;
        switch (event.status()) {
            case 401 -> unauthorized++;
            case 403 -> forbidden++;
            case 404 -> notFound++;
            case 429 -> limited++;
            default -> {
                if (event.decision() == AuditDecision.REFUSED) {
                    otherRefusals++;
                }
            }
        }
        if (event.decision() != AuditDecision.ALLOWED && event.reason() != null
                && (refusals.size() < MAX_REASONS || refusals.containsKey(event.reason()))) {
            refusals.merge(event.reason(), 1L, Long::sum);
        }
        bytesOut += Math.max(0, event.bytesOut());
        if (isPayment(event)) {
            payments++;
        }
        event.objects().forEach((name, value) -> {
            Set<Long> values = objects.get(name);
            if (values == null && objects.size() < MAX_OBJECT_NAMES) {
                values = new HashSet<>();
                objects.put(name, values);
            }
            if (values != null && values.size() < MAX_OBJECTS) {
                values.add(hash(value));
            }
        });
        if (event.operation() != null && operations.size() < MAX_OPERATIONS) {
            operations.add(event.operation());
        }
        if (event.remoteAddress() != null && addresses.size() < MAX_ADDRESSES) {
            addresses.add(event.remoteAddress());
        }
    }

    /**
     * A payment made or tried: a POST to an operation named for payments (the demo bank's {@code createPayment}). The
     * amount is not in the decision event (only identifiers are), so payments are counted, not summed.
     */
    static boolean isPayment(AuditEvent event) {
        return "POST".equals(event.method()) && event.operation() != null
                && event.operation().toLowerCase(Locale.ROOT).contains("payment");
    }

    /** Adds another node's share of the same identity's same window. */
    public void merge(WindowCounts other) {
        requests += other.requests;
        unauthorized += other.unauthorized;
        forbidden += other.forbidden;
        notFound += other.notFound;
        limited += other.limited;
        otherRefusals += other.otherRefusals;
        bytesOut += other.bytesOut;
        payments += other.payments;
        other.refusals.forEach((reason, count) -> {
            if (refusals.size() < MAX_REASONS || refusals.containsKey(reason)) {
                refusals.merge(reason, count, Long::sum);
            }
        });
        other.objects.forEach((name, values) -> {
            Set<Long> mine = objects.get(name);
            if (mine == null && objects.size() < MAX_OBJECT_NAMES) {
                mine = new HashSet<>();
                objects.put(name, mine);
            }
            if (mine != null) {
                for (Long value : values) {
                    if (mine.size() >= MAX_OBJECTS) {
                        break;
                    }
                    mine.add(value);
                }
            }
        });
        for (String operation : other.operations) {
            if (operations.size() < MAX_OPERATIONS) {
                operations.add(operation);
            }
        }
        for (String address : other.addresses) {
            if (addresses.size() < MAX_ADDRESSES) {
                addresses.add(address);
            }
        }
    }

    public long requests() {
        return requests;
    }

    /** Answers 401, 403, 404 and 429: failed tokens, refusals, probing of ids that do not exist, limits hit. */
    long errors() {
        return unauthorized + forbidden + notFound + limited;
    }

    /** Distinct objects over every parameter name. */
    int distinctObjects() {
        return objects.values().stream().mapToInt(Set::size).sum();
    }

    /** The parameter name with the most distinct objects, such as {@code accountId}; null when none. */
    String mostEnumerated() {
        return objects.entrySet().stream().max(java.util.Comparator.comparingInt(entry -> entry.getValue().size()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** The distinct objects are kept as 64-bit hashes: the window needs only their count, not the identifiers. */
    private static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** These counts as bytes, for the store's window exchange between nodes. */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            for (long value : new long[] {requests, unauthorized, forbidden, notFound, limited, otherRefusals, bytesOut, payments}) {
                out.writeLong(value);
            }
            out.writeShort(refusals.size());
            for (Map.Entry<String, Long> entry : refusals.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
            out.writeShort(objects.size());
            for (Map.Entry<String, Set<Long>> entry : objects.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().size());
                for (long value : entry.getValue()) {
                    out.writeLong(value);
                }
            }
            out.writeShort(operations.size());
            for (String operation : operations) {
                out.writeUTF(operation);
            }
            out.writeShort(addresses.size());
            for (String address : addresses) {
                out.writeUTF(address);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The counts {@link #toBytes()} wrote. */
    public static WindowCounts fromBytes(byte[] bytes) {
        WindowCounts counts = new WindowCounts();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("window counts of an unknown format");
            }
            counts.requests = in.readLong();
            counts.unauthorized = in.readLong();
            counts.forbidden = in.readLong();
            counts.notFound = in.readLong();
            counts.limited = in.readLong();
            counts.otherRefusals = in.readLong();
            counts.bytesOut = in.readLong();
            counts.payments = in.readLong();
            for (int i = in.readShort(); i > 0; i--) {
                counts.refusals.put(in.readUTF(), in.readLong());
            }
            for (int i = in.readShort(); i > 0; i--) {
                String name = in.readUTF();
                Set<Long> values = new HashSet<>();
                for (int j = in.readInt(); j > 0; j--) {
                    values.add(in.readLong());
                }
                counts.objects.put(name, values);
            }
            for (int i = in.readShort(); i > 0; i--) {
                counts.operations.add(in.readUTF());
            }
            for (int i = in.readShort(); i > 0; i--) {
                counts.addresses.add(in.readUTF());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("window counts cut short", e);
        }
        return counts;
    }
}
