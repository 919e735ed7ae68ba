package io.bulwark.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a token's RFC 9396 {@code account_information} details allow: for each consented account,
 * the actions granted on it. A token without such details carries {@link #NONE}.
 */
public record AccountConsent(Map<String, Set<String>> actionsByAccount, boolean present) {

    /** The token carries no {@code account_information} detail. */
    public static final AccountConsent NONE = new AccountConsent(Map.of(), false);

    public AccountConsent {
        actionsByAccount = Map.copyOf(actionsByAccount);
    }

    /**
     * Reads the {@code authorization_details} claim (a list of JSON objects, as Nimbus parses it).
     *
     * @throws IllegalArgumentException when an {@code account_information} detail is malformed
     */
    public static AccountConsent fromClaim(Object claim) {
        if (!(claim instanceof List<?> details)) {
            return NONE;
        }
        Map<String, Set<String>> granted = new java.util.HashMap<>();
        boolean present = false;
        for (Object entry : details) {
            if (!(entry instanceof Map<?, ?> detail) || !"account_information".equals(detail.get("type"))) {
                continue;
            }
            present = true;
            Set<String> actions = strings(detail.get("actions"));
            for (String account : strings(detail.get("accounts"))) {
                granted.computeIfAbsent(account, a -> new java.util.HashSet<>()).addAll(actions);
            }
        }
        return new AccountConsent(granted, present);
    }

    /** True when {@code account} was consented, for {@code action} if one is named. */
    public boolean allows(String account, String action) {
        Set<String> actions = actionsByAccount.get(account);
        return actions != null && (action == null || actions.contains(action));
    }

    private static Set<String> strings(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("account_information accounts and actions must be lists of strings");
        }
        return Set.copyOf(list.stream().map(String.class::cast).toList());
    }
}
