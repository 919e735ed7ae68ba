package io.bulwark.demo.traffic;

import io.bulwark.demo.bank.Account;
import io.bulwark.demo.bank.BankData;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The population of a live run: the demo's own users (the bank's customers, with their real accounts), each using every
 * partner app, and {@code clientCount} partner clients named {@code traffic-partner-NN}, registered in the demo for real.
 * The demo has two customers, so a live run has few users and many sessions each; the offline files have many users.
 */
public final class LivePopulation {

    /** The prefix of the partner clients a live run registers. */
    public static final String CLIENT_PREFIX = "traffic-partner-";

    private LivePopulation() {
    }

    /** @param activity how much more each user uses each app than the typical user (a live run has two users) */
    public static Population of(long seed, BankData bank, int clientCount, double activity) {
        if (clientCount < 2 || clientCount > 99) {
            throw new IllegalArgumentException("--traffic-clients must be between 2 and 99 for a live run, not " + clientCount);
        }
        RandomGenerator random = Seeds.random(seed, "live-population");
        List<ClientProfile> clients = Population.clients(random, clientCount, CLIENT_PREFIX);
        List<String> apps = clients.stream().filter(c -> c.kind().actsForUsers()).map(ClientProfile::clientId).toList();
        List<UserProfile> users = new ArrayList<>();
        for (var customer : bank.customers()) {
            List<BankAccountRef> accounts = new ArrayList<>();
            for (Account account : bank.accountsOf(customer.subject())) {
                int transactions = bank.transactions(account.accountId()).size();
                accounts.add(new BankAccountRef(account.accountId(), account.currency(), account.canSendCreditTransfers(),
                        Math.max(1, (transactions + 49) / 50)));
            }
            users.add(new UserProfile(customer.subject(), accounts, Population.payees(random), apps,
                    new DailyCycle(random.nextGaussian()), activity));
        }
        return new Population(clients, users);
    }
}
