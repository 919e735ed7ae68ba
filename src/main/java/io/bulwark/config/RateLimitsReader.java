package io.bulwark.config;

import io.bulwark.config.RateLimitPolicyConfig.KeyPart;
import io.bulwark.config.RateLimitPolicyConfig.Period;
import io.bulwark.config.RateLimitPolicyConfig.Refill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code rate-limits}: where buckets live, the node count, client tiers, and each policy. */
final class RateLimitsReader {

    // A policy name is an RFC 9651 sf-string in the headers; keep to characters that need no escaping.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> STORES = List.of("local", "redis");
    private static final List<String> KEY_PARTS = List.of("client", "user", "ip", "api", "operation");
    private static final List<String> REFILLS = List.of("interval", "greedy");
    private static final List<String> PERIODS = List.of("day", "month");

    private RateLimitsReader() {
    }

    static RateLimitsConfig read(ConfigNode node, boolean redisConfigured, Set<String> apis) {
        node.map("store", "nodes", "tiers", "policies");
        RateLimitsConfig.Store store = store(node.get("store"), redisConfigured);
        int nodes = Numbers.readInt(node.get("nodes"), 1, 1, 1000,
                "each node keeps limit / nodes to itself while Redis is unavailable, so write how many nodes share the load");
        Map<String, String> tiers = tiers(node.get("tiers"));
        List<RateLimitPolicyConfig> policies = new ArrayList<>();
        ConfigNode policiesNode = node.get("policies").required("a list of limits, each with `name`, `key`, `limit` and `window`");
        UniqueValues names = new UniqueValues("give each policy its own name: clients tell limits apart by it in the RateLimit headers");
        Set<String> tierNames = new java.util.HashSet<>(tiers.values());
        tierNames.add(RateLimitsConfig.DEFAULT_TIER);
        for (ConfigNode element : policiesNode.list()) {
            policies.add(policy(element, names, apis, tierNames));
        }
        return new RateLimitsConfig(store, nodes, tiers, policies);
    }

    private static RateLimitsConfig.Store store(ConfigNode node, boolean redisConfigured) {
        if (node.isAbsent()) {
            return RateLimitsConfig.Store.LOCAL;
        }
        String store = node.text().strip();
        return switch (store) {
            case "local" -> RateLimitsConfig.Store.LOCAL;
            case "redis" -> {
                if (!redisConfigured) {
                    throw node.error("is `redis` but no `redis` server is configured",
                            "add a top-level `redis:` with its `url`, or write `store: local` (one node)");
                }
                yield RateLimitsConfig.Store.REDIS;
            }
            default -> throw node.error("unknown store `" + store + "`", DidYouMean.fix(store, STORES));
        };
    }

    /** {@code tiers: {gold: [client-a, client-b]}} read as client → tier. */
    private static Map<String, String> tiers(ConfigNode node) {
        Map<String, String> byClient = new LinkedHashMap<>();
        if (node.isAbsent()) {
            return byClient;
        }
        if (!node.raw().isObject()) {
            throw node.error("must be a map of tier names to lists of client ids", "write for example `gold: [fintech-partner]`");
        }
        UniqueValues clients = new UniqueValues("put each client in one tier only");
        for (var entry : node.raw().properties()) {
            ConfigNode tierNode = node.get(entry.getKey());
            if (!NAME.matcher(entry.getKey()).matches()) {
                throw tierNode.error("`" + entry.getKey() + "` is not a valid tier name", "use letters, digits, `.`, `_` and `-`");
            }
            for (ConfigNode client : tierNode.list()) {
                String clientId = client.text().strip();
                clients.add(client, clientId);
                byClient.put(clientId, entry.getKey());
            }
        }
        return byClient;
    }

    private static RateLimitPolicyConfig policy(ConfigNode node, UniqueValues names, Set<String> apis, Set<String> tiers) {
        node.map("name", "key", "limit", "window", "refill", "api", "operation", "tier");
        ConfigNode nameNode = node.get("name").required("a short name shown in the RateLimit headers, for example `per-client`");
        String name = nameNode.text().strip();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("`" + name + "` is not a valid policy name", "use up to 64 letters, digits, `.`, `_` and `-`");
        }
        names.add(nameNode, name);
        List<KeyPart> key = key(node.get("key").required("what to count by: a list of `client`, `user`, `ip`, `api`, `operation`"));
        long limit = Numbers.read(node.get("limit").required("requests per window, for example `100`"), 100, 1, 1_000_000_000L,
                "a limit of 0 would refuse everything; remove the operation from the API instead");
        ConfigNode windowNode = node.get("window").required("a duration such as `1m` or `1h`, or a calendar quota `day` or `month`");
        Duration window = null;
        Period period = null;
        String windowText = windowNode.raw().isTextual() ? windowNode.raw().textValue().strip().toLowerCase(Locale.ROOT) : "";
        if (windowText.matches("\\d+d")) {
            throw windowNode.error("`" + windowText + "` is not a duration here",
                    "write `day` for a calendar-day quota (UTC), or hours such as `24h` for a rolling window of at most a day");
        }
        if (PERIODS.contains(windowText)) {
            period = Period.valueOf(windowText.toUpperCase(Locale.ROOT));
        } else {
            window = Durations.read(windowNode, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1),
                    "longer quotas are written `day` or `month` (calendar, UTC)");
        }
        Refill refill = refill(node.get("refill"));
        if (period != null && refill == Refill.GREEDY) {
            throw node.get("refill").error("`greedy` does not apply to a calendar quota",
                    "remove `refill`: a `" + windowText + "` quota resets at the start of each " + windowText + " (UTC)");
        }
        String api = null;
        if (!node.get("api").isAbsent()) {
            api = node.get("api").text().strip();
            if (!apis.contains(api)) {
                throw node.get("api").error("no API is named `" + api + "`", DidYouMean.fix(api, apis));
            }
        }
        String operation = node.get("operation").isAbsent() ? null : node.get("operation").text().strip();
        String tier = null;
        if (!node.get("tier").isAbsent()) {
            tier = node.get("tier").text().strip();
            if (!tiers.contains(tier)) {
                throw node.get("tier").error("no tier is named `" + tier + "`", DidYouMean.fix(tier, tiers));
            }
        }
        return new RateLimitPolicyConfig(name, key, limit, window, period, refill, api, operation, tier);
    }

    private static List<KeyPart> key(ConfigNode node) {
        List<ConfigNode> parts = node.raw().isTextual() ? List.of(node) : node.list();
        if (parts.isEmpty()) {
            throw node.error("is empty", "name at least one of " + String.join(", ", KEY_PARTS));
        }
        List<KeyPart> key = new ArrayList<>();
        for (ConfigNode part : parts) {
            String text = part.text().strip();
            if (!KEY_PARTS.contains(text)) {
                throw part.error("unknown key part `" + text + "`", DidYouMean.fix(text, KEY_PARTS));
            }
            KeyPart keyPart = KeyPart.valueOf(text.toUpperCase(Locale.ROOT));
            if (key.contains(keyPart)) {
                throw part.error("`" + text + "` is named twice", "name each key part once");
            }
            key.add(keyPart);
        }
        return key;
    }

    private static Refill refill(ConfigNode node) {
        if (node.isAbsent()) {
            return Refill.INTERVAL;
        }
        String refill = node.text().strip();
        if (!REFILLS.contains(refill)) {
            throw node.error("unknown refill `" + refill + "`", DidYouMean.fix(refill, REFILLS));
        }
        return Refill.valueOf(refill.toUpperCase(Locale.ROOT));
    }
}
