package io.bulwark.runtime;

import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.gateway.CircuitBreakingUpstream;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.observability.CheckResult;
import io.bulwark.observability.ReadinessCheck;
import io.bulwark.observability.ReadinessChecks;
import io.bulwark.observability.SigningKeysCheck;
import io.bulwark.observability.StoreCheck;
import io.bulwark.observability.UpstreamCircuitsCheck;
import io.bulwark.ratelimit.redis.RedisLink;
import io.bulwark.store.Store;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The readiness checks of one node: {@code store}, {@code redis} (only when configured), {@code upstreams}, {@code jwks}. */
final class NodeReadiness {

    static final String REDIS = "redis";

    private NodeReadiness() {
    }

    static ReadinessChecks checks(Store store, Optional<RedisLink> redis, Supplier<Map<String, CircuitBreakingUpstream.State>> circuits,
                                  SigningKeyRing accessTokenKeys, SigningKeyRing identityKeys, AuthorizationServerConfig as,
                                  Duration timeout, InstantSource clock) {
        List<ReadinessCheck> checks = new ArrayList<>();
        checks.add(StoreCheck.of(store.auditRecords()));
        redis.ifPresent(link -> checks.add(redisCheck(link)));
        checks.add(UpstreamCircuitsCheck.of(circuits));
        Map<String, SigningKeyRing> rings = new LinkedHashMap<>();
        rings.put("access-token", accessTokenKeys);
        rings.put("gateway-identity", identityKeys);
        // Rotation by age runs hourly and the successor signs a publication lead later: only past both is a key overdue.
        Duration overdueAfter = as.signingKeyMaxAge().plus(KeyRotationSchedule.CHECK_INTERVAL).plus(as.signingKeyPublicationLead());
        checks.add(SigningKeysCheck.of(rings, overdueAfter, clock));
        return new ReadinessChecks(checks, timeout);
    }

    /** A real PING on the link the rate limiter and the guard use (Lettuce's command timeout bounds it). */
    private static ReadinessCheck redisCheck(RedisLink link) {
        return new ReadinessCheck(REDIS, () -> {
            long started = System.nanoTime();
            return link.answers()
                    ? CheckResult.pass("PONG in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms")
                    : CheckResult.fail("no PONG within " + link.timeout().toMillis() + " ms");
        });
    }
}
