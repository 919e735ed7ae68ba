package io.bulwark.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the abuse-protection keys at the top level: {@code redis}, {@code rate-limits}, {@code limits}, {@code authentication-guard}. */
final class ProtectionReader {

    private ProtectionReader() {
    }

    static ProtectionConfig read(ConfigNode root, GatewayConfig gateway, List<ClientConfig> clients) {
        RedisConfig redis = root.get("redis").isAbsent() ? null : RedisReader.read(root.get("redis"));
        Set<String> apis = gateway.apis().stream().map(ApiConfig::name).collect(Collectors.toSet());
        RateLimitsConfig rateLimits = root.get("rate-limits").isAbsent() ? RateLimitsConfig.defaults()
                : RateLimitsReader.read(root.get("rate-limits"), redis != null, apis);
        RequestLimitsConfig limits = RequestLimitsReader.read(root.get("limits"));
        AuthenticationGuardConfig guard = AuthenticationGuardReader.read(root.get("authentication-guard"));
        return new ProtectionConfig(redis, rateLimits, limits, guard);
    }
}
