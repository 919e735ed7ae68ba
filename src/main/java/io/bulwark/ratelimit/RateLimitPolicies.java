package io.bulwark.ratelimit;

import io.bulwark.config.RateLimitPolicyConfig.KeyPart;
import io.bulwark.config.RateLimitPolicyConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.digest.Sha256;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The policies of {@code rate-limits}, ready to apply: which apply to a request, and the bucket key each one counts
 * it under. Keys are hashes, so that a store never holds a user's {@code sub} or a raw address.
 */
public final class RateLimitPolicies {

    /** What is known about a request when limits are applied; identity fields are null before authentication. */
    public record Caller(String sourceIp, String api, String operation, String clientId, String subject) {
    }

    /** A quota and the bucket key one request is counted under. */
    public record Applied(Quota quota, String key) {
    }

    private record Compiled(RateLimitPolicyConfig policy, Quota quota) {
    }

    /** The name address-wide buckets of the authorization server are keyed under, in place of an API's. */
    static final String AUTHORIZATION_SERVER = "(authorization-server)";

    private final RateLimitsConfig config;
    private final List<Compiled> anonymous = new ArrayList<>();
    private final List<Compiled> identified = new ArrayList<>();

    /**
     * @param operationIds every operationId the gateway routes; a policy naming another is refused at start-up
     * @throws IllegalArgumentException when a policy names an operation no API declares
     */
    public RateLimitPolicies(RateLimitsConfig config, Collection<String> operationIds) {
        this.config = Objects.requireNonNull(config, "config");
        for (RateLimitPolicyConfig policy : config.policies()) {
            if (policy.operation() != null && !operationIds.contains(policy.operation())) {
                throw new IllegalArgumentException("rate-limits policy `" + policy.name() + "` names operation `" + policy.operation()
                        + "`, which no API's OpenAPI document declares; declared: " + String.join(", ", operationIds));
            }
            (policy.needsIdentity() ? identified : anonymous).add(new Compiled(policy, Quota.of(policy)));
        }
    }

    /**
     * The policies keyed by source address alone, with no API, operation or tier filter: they also limit
     * each address's requests to the authorization server, in buckets of their own.
     */
    public List<Applied> addressWide(String sourceIp) {
        List<Applied> applied = new ArrayList<>();
        for (Compiled compiled : anonymous) {
            if (isAddressWide(compiled.policy())) {
                // The API part keeps these buckets apart from the gateway's, which count the same address.
                applied.add(new Applied(compiled.quota(), key(List.of(KeyPart.API, KeyPart.IP),
                        new Caller(sourceIp, AUTHORIZATION_SERVER, null, null, null))));
            }
        }
        return applied;
    }

    /**
     * Only the address-wide policies of {@code config}, for the authorization server: they name no operation,
     * so no API's operations are needed to check them.
     */
    public static RateLimitPolicies addressWideOnly(RateLimitsConfig config) {
        return new RateLimitPolicies(new RateLimitsConfig(config.store(), config.nodes(), config.clientTiers(),
                config.policies().stream().filter(RateLimitPolicies::isAddressWide).toList()), List.of());
    }

    private static boolean isAddressWide(RateLimitPolicyConfig policy) {
        return policy.key().equals(List.of(KeyPart.IP)) && policy.api() == null && policy.operation() == null && policy.tier() == null;
    }

    /** True when some policy counts requests before authentication (by address, API or operation only). */
    public boolean hasAnonymous() {
        return !anonymous.isEmpty();
    }

    /** True when some policy needs the verified client or user. */
    public boolean hasIdentified() {
        return !identified.isEmpty();
    }

    /** The policies of one stage that select {@code caller}, with their bucket keys, in declaration order. */
    public List<Applied> select(boolean afterAuthentication, Caller caller) {
        List<Applied> applied = new ArrayList<>();
        String tier = afterAuthentication ? config.tierOf(caller.clientId()) : null;
        for (Compiled compiled : afterAuthentication ? identified : anonymous) {
            RateLimitPolicyConfig policy = compiled.policy();
            if ((policy.api() != null && !policy.api().equals(caller.api()))
                    || (policy.operation() != null && !policy.operation().equals(caller.operation()))
                    || (policy.tier() != null && !policy.tier().equals(tier))) {
                continue;
            }
            applied.add(new Applied(compiled.quota(), key(policy.key(), caller)));
        }
        return applied;
    }

    private static String key(List<KeyPart> parts, Caller caller) {
        StringBuilder material = new StringBuilder();
        for (KeyPart part : parts) {
            String value = switch (part) {
                case CLIENT -> caller.clientId();
                case USER -> caller.subject();
                case IP -> caller.sourceIp();
                case API -> caller.api();
                case OPERATION -> caller.operation();
            };
            // A NUL cannot occur in any of the values, so no two different callers share a key.
            material.append(part.name()).append('=').append(value == null ? "" : value).append('\0');
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(Sha256.of(material.toString()), 18));
    }
}
