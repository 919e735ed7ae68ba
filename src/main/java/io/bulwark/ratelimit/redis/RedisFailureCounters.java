package io.bulwark.ratelimit.redis;

import io.bulwark.store.FailureCounters;
import io.bulwark.store.FailureState;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link FailureCounters} on the shared Redis: one hash per key, changed by a Lua script so that the read, the count
 * and the lockout decision are one atomic step for every node; distinct members as a sorted set scored by time.
 */
public final class RedisFailureCounters implements FailureCounters {

    // The same rule as FailureState.afterFailure: restart after a quiet window or an ended lockout; lock at the threshold.
    private static final String RECORD_FAILURE = """
            local f = redis.call('HMGET', KEYS[1], 'f', 'last', 'lock')
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local failures = tonumber(f[1]) or 0
            local last = tonumber(f[2])
            local lock = tonumber(f[3])
            if last == nil or last + window <= now or (lock ~= nil and lock <= now) then
              failures = 1
              lock = nil
            else
              failures = failures + 1
            end
            if failures >= tonumber(ARGV[3]) and lock == nil then
              lock = now + tonumber(ARGV[4])
            end
            redis.call('HSET', KEYS[1], 'f', failures, 'last', now)
            local ttl = window
            if lock then
              redis.call('HSET', KEYS[1], 'lock', lock)
              if lock - now > ttl then ttl = lock - now end
            else
              redis.call('HDEL', KEYS[1], 'lock')
            end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return {failures, now, lock or -1}
            """;
    private static final String ADD_DISTINCT = """
            local now = tonumber(ARGV[1])
            redis.call('ZADD', KEYS[1], now, ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return redis.call('ZCARD', KEYS[1])
            """;

    private final RedisLink link;

    public RedisFailureCounters(RedisLink link) {
        this.link = link;
    }

    private String key(String key) {
        return link.keyPrefix() + "af:" + key;
    }

    @Override
    public FailureState recordFailure(String key, Instant now, Duration window, int lockAt, Duration lockout) {
        List<Long> result = link.strings().sync().eval(RECORD_FAILURE, ScriptOutputType.MULTI, new String[] {key(key)},
                Long.toString(now.toEpochMilli()), Long.toString(window.toMillis()), Integer.toString(lockAt),
                Long.toString(lockout.toMillis()));
        long lock = result.get(2);
        return new FailureState(result.get(0).intValue(), Instant.ofEpochMilli(result.get(1)), lock < 0 ? null : Instant.ofEpochMilli(lock));
    }

    @Override
    public FailureState state(String key) {
        var values = link.strings().sync().hmget(key(key), "f", "last", "lock");
        String failures = values.get(0).getValueOrElse(null);
        if (failures == null) {
            return FailureState.NONE;
        }
        String lock = values.get(2).getValueOrElse(null);
        return new FailureState(Integer.parseInt(failures), Instant.ofEpochMilli(Long.parseLong(values.get(1).getValue())),
                lock == null ? null : Instant.ofEpochMilli(Long.parseLong(lock)));
    }

    @Override
    public void clear(String key) {
        link.strings().sync().del(key(key));
    }

    @Override
    public int addDistinct(String set, String member, Instant now, Duration window) {
        Long count = link.strings().sync().eval(ADD_DISTINCT, ScriptOutputType.INTEGER, new String[] {key(set)},
                Long.toString(now.toEpochMilli()), member, Long.toString(window.toMillis()));
        return count.intValue();
    }
}
