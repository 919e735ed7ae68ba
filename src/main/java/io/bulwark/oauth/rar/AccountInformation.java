package io.bulwark.oauth.rar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code account_information}: read access to some of the user's accounts.
 *
 * @param actions  what the client may do with them: {@link #ACTIONS}, at least one
 * @param accounts the account ids asked for (or granted); empty in a request means "let the user choose"
 */
public record AccountInformation(List<String> actions, List<String> accounts) implements AuthorizationDetail {

    public static final String TYPE = "account_information";

    /** The actions this type knows, in the order the consent page lists them. */
    public static final List<String> ACTIONS = List.of("list_accounts", "read_balances", "read_transactions");

    public AccountInformation {
        actions = List.copyOf(actions);
        accounts = List.copyOf(accounts);
        if (actions.isEmpty() || !Set.copyOf(ACTIONS).containsAll(actions)) {
            throw new IllegalArgumentException("actions must be a non-empty subset of " + ACTIONS);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The same detail narrowed to {@code granted} accounts (what the user ticked). */
    public AccountInformation withAccounts(List<String> granted) {
        return new AccountInformation(actions, Objects.requireNonNull(granted, "granted"));
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", TYPE);
        json.put("actions", actions);
        if (!accounts.isEmpty()) {
            json.put("accounts", accounts);
        }
        return json;
    }
}
