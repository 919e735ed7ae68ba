package io.bulwark.oauth.consent;

import java.util.List;

/** Port: which accounts a user holds, so consent can name them and never grant someone else's. */
@FunctionalInterface
public interface AccountDirectory {

    /** Knows no accounts: account access cannot be granted until a real directory is configured (fail closed). */
    AccountDirectory NONE = subject -> List.of();

    /** The accounts of {@code subject}, in the order the user knows them. */
    List<AccountSummary> accountsOf(String subject);
}
