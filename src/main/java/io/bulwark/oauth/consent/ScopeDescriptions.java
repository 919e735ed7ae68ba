package io.bulwark.oauth.consent;

import java.util.Map;

/** Each scope in plain words, as the consent page states it. */
public final class ScopeDescriptions {

    private static final Map<String, String> MEANINGS = Map.of(
            "accounts:read", "See your accounts: their names, types and numbers.",
            "balances:read", "See the balances of your accounts.",
            "transactions:read", "See the transactions on your accounts.",
            "payments:write", "Send payment orders from your accounts.",
            "payments:read", "See the payments it has sent and their status.");

    private ScopeDescriptions() {
    }

    /** What {@code scope} allows, in a sentence; a scope without a description is named as it is. */
    public static String meaning(String scope) {
        return MEANINGS.getOrDefault(scope, "Use the permission “" + scope + "”.");
    }
}
