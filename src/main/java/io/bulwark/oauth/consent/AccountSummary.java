package io.bulwark.oauth.consent;

import java.util.Objects;

/**
 * One of the user's accounts as the consent page names it.
 *
 * @param accountId    the id the API and authorization details use
 * @param name         the account's name, e.g. "Current Account"
 * @param maskedNumber its IBAN or card number with all but a few characters hidden
 */
public record AccountSummary(String accountId, String name, String maskedNumber) {

    public AccountSummary {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maskedNumber, "maskedNumber");
    }
}
