package io.bulwark.config;

import io.bulwark.config.RateLimitPolicyConfig.KeyPart;
import io.bulwark.config.RateLimitPolicyConfig.Period;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import io.bulwark.testing.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The abuse-protection keys of bulwark.yaml: redis, rate-limits, limits, authentication-guard. */
class ProtectionConfigTest {

    private static final String BASE = MinimalConfig.YAML;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        MinimalConfig.placeholders(dir);
    }

    private BulwarkConfig load(String extra, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, BASE + extra);
        return ConfigLoader.load(file, environment);
    }

    private ConfigException refused(String extra) {
        try {
            load(extra, Map.of());
        } catch (ConfigException e) {
            return e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("accepted: " + extra);
    }

    @Test
    void safeDefaultsWhenNothingIsSaid() throws IOException {
        ProtectionConfig protection = load("", Map.of()).protection();
        assertThat(protection).isEqualTo(ProtectionConfig.defaults());
        assertThat(protection.redis()).isNull();
        assertThat(protection.limits().maxConnectionsPerIp()).isEqualTo(100);
        assertThat(protection.limits().headerReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(protection.authenticationGuard().identity().maxFailures()).isEqualTo(10);
        assertThat(protection.authenticationGuard().identity().lockout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(protection.rateLimits().policies()).extracting(RateLimitPolicyConfig::name).containsExactly("per-ip");
    }

    @Test
    void readsEverySection() throws IOException {
        BulwarkConfig config = load("""
                redis:
                  url: redis://redis.internal:6380/2
                  password-env: REDIS_PASSWORD
                  key-prefix: bulwark-prod
                  timeout: 250ms
                rate-limits:
                  store: redis
                  nodes: 3
                  tiers:
                    gold: [fintech-partner]
                  policies:
                    - name: per-client
                      key: [client]
                      limit: 100
                      window: 1m
                    - name: payments-per-user
                      key: [user, operation]
                      limit: 10
                      window: 1h
                      refill: greedy
                      api: bank
                      operation: initiatePayment
                    - name: gold-monthly
                      key: client
                      limit: 1000000
                      window: month
                      tier: gold
                limits:
                  max-connections: 5000
                  max-connections-per-ip: 50
                  header-read-timeout: 5s
                  max-json-depth: 16
                  page-size:
                    parameters: [pageSize]
                    max: 200
                    operations:
                      listAccountTransactions: 50
                authentication-guard:
                  identity: {max-failures: 5, lockout: 1h}
                  second-factor: {max-failures: 3}
                  source-ip: {max-failures: 50}
                  identities-per-ip: 10
                """, Map.of("REDIS_PASSWORD", "s3cret"));
        ProtectionConfig protection = config.protection();
        assertThat(protection.redis()).isEqualTo(new RedisConfig(URI.create("redis://redis.internal:6380/2"), "s3cret", "bulwark-prod",
                Duration.ofMillis(250)));
        assertThat(protection.redis().toString()).doesNotContain("s3cret");
        RateLimitsConfig rateLimits = protection.rateLimits();
        assertThat(rateLimits.store()).isEqualTo(RateLimitsConfig.Store.REDIS);
        assertThat(rateLimits.nodes()).isEqualTo(3);
        assertThat(rateLimits.tierOf("fintech-partner")).isEqualTo("gold");
        assertThat(rateLimits.tierOf("other")).isEqualTo("default");
        assertThat(rateLimits.policies()).containsExactly(
                new RateLimitPolicyConfig("per-client", List.of(KeyPart.CLIENT), 100, Duration.ofMinutes(1), null, Refill.INTERVAL,
                        null, null, null),
                new RateLimitPolicyConfig("payments-per-user", List.of(KeyPart.USER, KeyPart.OPERATION), 10, Duration.ofHours(1), null,
                        Refill.GREEDY, "bank", "initiatePayment", null),
                new RateLimitPolicyConfig("gold-monthly", List.of(KeyPart.CLIENT), 1_000_000, null, Period.MONTH, Refill.INTERVAL,
                        null, null, "gold"));
        RequestLimitsConfig limits = protection.limits();
        assertThat(limits.maxConnections()).isEqualTo(5000);
        assertThat(limits.maxConnectionsPerIp()).isEqualTo(50);
        assertThat(limits.headerReadTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.maxJsonDepth()).isEqualTo(16);
        assertThat(limits.maxBodyBytes()).as("untouched keys keep their defaults").isEqualTo(1024 * 1024);
        assertThat(limits.pageSize()).isEqualTo(new RequestLimitsConfig.PageSize(List.of("pageSize"), 200,
                Map.of("listAccountTransactions", 50)));
        assertThat(protection.authenticationGuard().identity().maxFailures()).isEqualTo(5);
        assertThat(protection.authenticationGuard().identity().lockout()).isEqualTo(Duration.ofHours(1));
        assertThat(protection.authenticationGuard().secondFactor().maxFailures()).isEqualTo(3);
        assertThat(protection.authenticationGuard().secondFactor().lockout()).as("default").isEqualTo(Duration.ofMinutes(30));
        assertThat(protection.authenticationGuard().identity().delayAfter()).isEqualTo(3);
        assertThat(protection.authenticationGuard().sourceIp().maxFailures()).isEqualTo(50);
        assertThat(protection.authenticationGuard().identitiesPerIp()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "authentication-guard: {identity: {max-failures: 11}}|authentication-guard.identity.max-failures|PCI DSS 4.0.1 §8.3.4",
            "authentication-guard: {identity: {lockout: 29m}}|authentication-guard.identity.lockout|at least 30 minutes",
            "authentication-guard: {second-factor: {max-failures: 11}}|authentication-guard.second-factor.max-failures|PCI DSS 4.0.1 §8.3.4",
            "authentication-guard: {identity: {max-failures: 5, delay-after: 6}}|authentication-guard.identity.delay-after|before the lockout",
            "rate-limits: {store: redis, policies: []}|rate-limits.store|no `redis` server is configured",
            "rate-limits: {policies: [{name: a, key: [cleint], limit: 1, window: 1m}]}|rate-limits.policies[0].key[0]|did you mean `client`",
            "rate-limits: {policies: [{name: a, key: [client], limit: 0, window: 1m}]}|rate-limits.policies[0].limit|from 1",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: 2d}]}|rate-limits.policies[0].window|write `day`",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: 25h}]}|rate-limits.policies[0].window|`day` or `month`",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: month, refill: greedy}]}|rate-limits.policies[0].refill|calendar",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: 1m, api: bankk}]}|rate-limits.policies[0].api|did you mean `bank`",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: 1m, tier: gold}]}|rate-limits.policies[0].tier|no tier",
            "rate-limits: {policies: [{name: 'a b', key: [client], limit: 1, window: 1m}]}|rate-limits.policies[0].name|not a valid policy name",
            "rate-limits: {policies: [{name: a, key: [client], limit: 1, window: 1m}, {name: a, key: [ip], limit: 1, window: 1m}]}|rate-limits.policies[1].name|already used",
            "redis: {url: 'redis://:pw@host:6379'}|redis.url|carries credentials",
            "redis: {url: 'http://host:6379'}|redis.url|redis://",
            "redis: {url: 'redis://host', password-env: MISSING}|redis.password-env|MISSING",
            "limits: {max-connections: 10, max-connections-per-ip: 11}|limits.max-connections-per-ip|cannot exceed",
            "limits: {header-read-timeout: 10}|limits.header-read-timeout|has no unit",
            "limits: {max-json-depth: '32'}|limits.max-json-depth|whole number",
            "limits: {max-headres: 10}|limits.max-headres|did you mean `max-headers`"})
    void refusesWithThePathAndAFix(String yaml, String path, String message) {
        ConfigException error = refused(yaml + "\n");
        assertThat(error.path()).isEqualTo(path);
        assertThat(error.problem() + " " + error.fix()).contains(message);
    }
}
