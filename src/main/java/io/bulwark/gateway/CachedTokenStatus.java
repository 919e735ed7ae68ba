package io.bulwark.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStatus} that asks the store at most once per {@code ttl} per token, per client and per grant,
 * so that a busy token costs one lookup per interval while a revocation still takes effect
 * within {@code ttl} plus one lookup. Entries are dropped when stale, so memory follows the
 * number of tokens seen in the last interval.
 */
public final class CachedTokenStatus implements TokenStatus {

    private final TokenStatus source;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<String, Entry> revoked = new ConcurrentHashMap<>();
    private final Map<String, Entry> disabled = new ConcurrentHashMap<>();
    private final Map<String, Entry> grantsRevoked = new ConcurrentHashMap<>();
    private volatile Instant lastSweep;

    private record Entry(boolean value, Instant until) {
    }

    public CachedTokenStatus(TokenStatus source, Duration ttl, InstantSource clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
        this.lastSweep = clock.instant();
    }

    @Override
    public boolean revoked(String jti) {
        return cached(revoked, jti, () -> source.revoked(jti));
    }

    @Override
    public boolean clientDisabled(String clientId) {
        return cached(disabled, clientId, () -> source.clientDisabled(clientId));
    }

    @Override
    public boolean grantRevoked(String grantId) {
        return cached(grantsRevoked, grantId, () -> source.grantRevoked(grantId));
    }

    private boolean cached(Map<String, Entry> cache, String key, java.util.function.BooleanSupplier lookup) {
        Instant now = clock.instant();
        sweep(now);
        Entry entry = cache.get(key);
        if (entry != null && entry.until().isAfter(now)) {
            return entry.value();
        }
        boolean value = lookup.getAsBoolean();
        cache.put(key, new Entry(value, now.plus(ttl)));
        return value;
    }

    private void sweep(Instant now) {
        if (lastSweep.plus(ttl.multipliedBy(10)).isAfter(now)) {
            return;
        }
        lastSweep = now;
        revoked.values().removeIf(e -> !e.until().isAfter(now));
        disabled.values().removeIf(e -> !e.until().isAfter(now));
        grantsRevoked.values().removeIf(e -> !e.until().isAfter(now));
    }
}
