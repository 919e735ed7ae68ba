package io.bulwark.anomaly.behaviour;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One identity's history, apart from its forest: the addresses and networks it came from, the hours it is active, what
 * is usual per feature, its last windows (the shingle) and, while it warms up, the points its own forest will start
 * from. Bounded: at most {@value #MAX_ADDRESSES} addresses and {@value #MAX_NETWORKS} networks, the oldest forgotten.
 */
final class IdentityProfile {

    static final int MAX_ADDRESSES = 256;
    static final int MAX_NETWORKS = 64;
    /** Active windows before the time-of-day deviation counts: a few days of a user's sessions, a few hours of a machine's. */
    static final long HOURS_KNOWN_AFTER = 480;
    /** Requests added to a window's count before its error share is taken. */
    static final int ERROR_SHARE_PRIOR = 4;

    final Set<String> addresses = new LinkedHashSet<>();
    final Set<String> networks = new LinkedHashSet<>();
    final long[] hours = new long[24];
    final FeatureStats stats;
    final Deque<double[]> shingle = new ArrayDeque<>();
    final List<double[]> warmUp = new ArrayList<>();
    long windows;
    long lastWindow = -1;
    long lastAlertWindow = Long.MIN_VALUE;
    String lastAlertKind;

    IdentityProfile() {
        this(new FeatureStats());
    }

    IdentityProfile(FeatureStats stats) {
        this.stats = stats;
    }

    /** The raw features of {@code counts} for this identity, before it learns from them. */
    double[] features(WindowCounts counts, Instant windowStart) {
        double[] raw = new double[Feature.COUNT];
        if (counts.requests == 0) {
            return raw;
        }
        raw[Feature.RATE.ordinal()] = counts.requests;
        raw[Feature.ERRORS.ordinal()] = counts.errors();
        // Shrunk towards 0 by ERROR_SHARE_PRIOR requests: one expired token in a one-request minute is not "100 % errors".
        raw[Feature.ERROR_SHARE.ordinal()] = (double) counts.errors() / (counts.requests + ERROR_SHARE_PRIOR);
        raw[Feature.OBJECTS.ordinal()] = counts.distinctObjects();
        raw[Feature.OPERATIONS.ordinal()] = counts.operations.size();
        raw[Feature.BYTES.ordinal()] = counts.bytesOut;
        raw[Feature.PAYMENTS.ordinal()] = counts.payments;
        raw[Feature.NEW_ADDRESSES.ordinal()] = newAddresses(counts).size();
        raw[Feature.NEW_NETWORKS.ordinal()] = newNetworks(counts).size();
        raw[Feature.TIME_OF_DAY.ordinal()] = hourDeviation(windowStart);
        raw[Feature.REFUSALS.ordinal()] = counts.otherRefusals;
        return raw;
    }

    /** The window's source addresses this identity never used (nothing is new to an identity without history). */
    List<String> newAddresses(WindowCounts counts) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return counts.addresses.stream().filter(address -> !addresses.contains(address)).toList();
    }

    List<String> newNetworks(WindowCounts counts) {
        if (networks.isEmpty()) {
            return List.of();
        }
        return counts.addresses.stream().map(IdentityProfile::network).filter(network -> !networks.contains(network)).distinct().toList();
    }

    /** 0 in the identity's busiest hour, near 1 in an hour it was never active; 0 until its hours are known. */
    double hourDeviation(Instant windowStart) {
        long total = Arrays.stream(hours).sum();
        if (total < HOURS_KNOWN_AFTER) {
            return 0;
        }
        // Each hour with half its neighbours': a user who starts at 08:10 one day and 07:50 the next keeps one habit.
        double busiest = 0;
        for (int hour = 0; hour < 24; hour++) {
            busiest = Math.max(busiest, smoothed(hour));
        }
        return 1 - (smoothed(windowStart.atZone(ZoneOffset.UTC).getHour()) + 1.0) / (busiest + 1.0);
    }

    private double smoothed(int hour) {
        return hours[hour] + 0.5 * (hours[(hour + 23) % 24] + hours[(hour + 1) % 24]);
    }

    /** Remembers the window's addresses, networks and hour, and {@code point} (its transformed features) unless null. */
    void learn(WindowCounts counts, double[] point, Instant windowStart) {
        for (String address : counts.addresses) {
            remember(addresses, address, MAX_ADDRESSES);
            remember(networks, network(address), MAX_NETWORKS);
        }
        hours[windowStart.atZone(ZoneOffset.UTC).getHour()]++;
        if (point != null) {
            stats.learn(point);
        }
    }

    private static void remember(Set<String> known, String value, int max) {
        // Re-inserted so that the set's order is the order of last use, and the oldest is dropped first.
        known.remove(value);
        known.add(value);
        if (known.size() > max) {
            Iterator<String> oldest = known.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The /24 of an IPv4 address or the /48 of an IPv6 one; an unparsable address stands for itself. */
    static String network(String address) {
        try {
            byte[] bytes = InetAddress.ofLiteral(address).getAddress();
            int prefix = bytes.length == 4 ? 3 : 6;
            byte[] masked = new byte[bytes.length];
            System.arraycopy(bytes, 0, masked, 0, prefix);
            return InetAddress.getByAddress(masked).getHostAddress() + (bytes.length == 4 ? "/24" : "/48");
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return address;
        }
    }

    /** Appends {@code point} to the shingle and returns the shingled point, oldest window first. */
    double[] shingled(double[] point, int shingleSize) {
        while (shingle.size() < shingleSize - 1) {
            shingle.addLast(new double[Feature.COUNT]);
        }
        shingle.addLast(point);
        while (shingle.size() > shingleSize) {
            shingle.removeFirst();
        }
        double[] shingled = new double[shingleSize * Feature.COUNT];
        int i = 0;
        for (double[] window : shingle) {
            System.arraycopy(window, 0, shingled, i, Feature.COUNT);
            i += Feature.COUNT;
        }
        return shingled;
    }

    /** The profile as a plain value for the store. */
    ProfileState toState() {
        return new ProfileState(List.copyOf(addresses), List.copyOf(networks), hours.clone(), stats.mean.clone(),
                stats.variance.clone(), stats.high.clone(), stats.windows, List.copyOf(shingle), List.copyOf(warmUp), windows,
                lastWindow, lastAlertWindow, lastAlertKind);
    }

    static IdentityProfile fromState(ProfileState state) {
        IdentityProfile profile = new IdentityProfile(new FeatureStats(state.mean(), state.variance(), state.high(), state.statWindows()));
        profile.addresses.addAll(state.addresses());
        profile.networks.addAll(state.networks());
        System.arraycopy(state.hours(), 0, profile.hours, 0, 24);
        state.shingle().forEach(profile.shingle::addLast);
        profile.warmUp.addAll(state.warmUp());
        profile.windows = state.windows();
        profile.lastWindow = state.lastWindow();
        profile.lastAlertWindow = state.lastAlertWindow();
        profile.lastAlertKind = state.lastAlertKind();
        return profile;
    }

    /** The stored form of a profile (JSON). */
    record ProfileState(List<String> addresses, List<String> networks, long[] hours, double[] mean, double[] variance, double[] high,
                        long statWindows, List<double[]> shingle, List<double[]> warmUp, long windows, long lastWindow,
                        long lastAlertWindow, String lastAlertKind) {
    }
}
