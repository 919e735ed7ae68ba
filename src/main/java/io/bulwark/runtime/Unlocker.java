package io.bulwark.runtime;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.FailureKeys;
import io.bulwark.ratelimit.redis.RedisFailureCounters;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.store.FailureState;
import io.bulwark.store.Store;
import io.bulwark.store.StoreException;
import io.bulwark.store.StoreFactory;
import java.time.Clock;

/** Lifts an authentication lockout from outside a running node: clears the identity's counters where the nodes keep them. */
public final class Unlocker {

    private Unlocker() {
    }

    /**
     * Clears the failure count and any lockout of {@code identity}: in Redis when one is configured, and in the store.
     * With Redis configured, a store that cannot be opened (the embedded file of a running node) is left as it is:
     * it holds counts only from times Redis was unavailable.
     *
     * @return the state it had before (so the operator sees whether it was locked)
     * @throws StoreException when the store cannot be opened and no Redis is configured
     */
    public static FailureState unlock(BulwarkConfig config, Attempt.Kind kind, String identity) {
        String key = FailureKeys.identity(kind, identity);
        try (RedisLink redis = config.protection().redis() == null ? null : new RedisLink(config.protection().redis())) {
            Store store;
            try {
                store = StoreFactory.open(config.store(), config.dataDir(), Clock.systemUTC());
            } catch (StoreException e) {
                if (redis == null) {
                    throw e;
                }
                RedisFailureCounters counters = new RedisFailureCounters(redis);
                FailureState before = counters.state(key);
                counters.clear(key);
                return before;
            }
            try (store) {
                var counters = AbuseProtection.failureCounters(store, redis);
                FailureState before = counters.state(key);
                counters.clear(key);
                return before;
            }
        }
    }
}
