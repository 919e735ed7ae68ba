package io.bulwark.runtime;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.ratelimit.redis.RedisFailureCounters;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.runtime.StoreFactory;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import io.bulwark.store.Store;
import io.bulwark.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Lifts authentication lockouts from outside a running node: clears counters where the nodes keep them. */
public final class Unlocker {

    private Unlocker() {
    }

    /**
     * Clears the failure count and any lockout under each of {@code keys} (made by {@link io.bulwark.ratelimit.lockout.FailureKeys}):
     * in Redis when one is configured, and in the store. With Redis configured, a store that cannot be opened (the
     * embedded file of a running node) is left as it is: it holds counts only from times Redis was unavailable.
     *
     * @return the state each key had before, in the order of {@code keys} (so the operator sees what was locked)
     * @throws StoreException when the store cannot be opened and no Redis is configured
     */
    public static List<FailureState> unlock(BulwarkConfig config, List<String> keys) {
        try (RedisLink redis = config.protection().redis() == null ? null : new RedisLink(config.protection().redis())) {
            Store store;
            try {
                store = StoreFactory.open(config.store(), config.dataDir(), Clock.systemUTC());
            } catch (StoreException e) {
                if (redis == null) {
                    throw e;
                }
                return clear(new RedisFailureCounters(redis), keys);
            }
            try (store) {
                return clear(AbuseProtection.failureCounters(store, redis), keys);
            }
        }
    }

    private static List<FailureState> clear(FailureCounters counters, List<String> keys) {
        List<FailureState> before = new ArrayList<>();
        for (String key : keys) {
            before.add(counters.state(key));
            counters.clear(key);
        }
        return before;
    }
}
