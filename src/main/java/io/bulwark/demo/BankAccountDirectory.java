package io.bulwark.demo;

import io.bulwark.demo.bank.Account;
import io.bulwark.demo.bank.BankData;
import io.bulwark.oauth.consent.AccountDirectory;
import io.bulwark.oauth.consent.AccountSummary;
import io.bulwark.oauth.consent.MaskedNumbers;

import java.util.List;

/** The demo bank's accounts as the consent page names them: by name, with the IBAN or card number masked. */
public final class BankAccountDirectory implements AccountDirectory {

    private final BankData bank;

    public BankAccountDirectory(BankData bank) {
        this.bank = bank;
    }

    @Override
    public List<AccountSummary> accountsOf(String subject) {
        return bank.accountsOf(subject).stream().map(BankAccountDirectory::summary).toList();
    }

    private static AccountSummary summary(Account account) {
        String masked = account.iban() != null ? MaskedNumbers.iban(account.iban()) : MaskedNumbers.card(account.pan());
        return new AccountSummary(account.accountId(), account.name(), masked);
    }
}
