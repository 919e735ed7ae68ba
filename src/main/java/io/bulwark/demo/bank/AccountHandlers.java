package io.bulwark.demo.bank;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** HTTP adapters for the account operations: who is asking, which account, then the answer from {@link BankData}. */
final class AccountHandlers {

    private final BankData data;

    AccountHandlers(BankData data) {
        this.data = data;
    }

    /** {@code GET /accounts}: a customer's own accounts. */
    void list(RoutingContext ctx) {
        Caller caller = caller(ctx);
        List<Account> visible = data.accounts().stream().filter(caller::mayRead).toList();
        BankResponses.json(ctx, 200, BankJson.accountList(visible, data));
    }

    /** {@code GET /accounts/{accountId}}. */
    void get(RoutingContext ctx) {
        Account account = readableAccount(ctx);
        BankResponses.json(ctx, 200, BankJson.account(account, data.ownerOf(account)));
    }

    /** {@code GET /accounts/{accountId}/balances}. */
    void balances(RoutingContext ctx) {
        Account account = readableAccount(ctx);
        BankResponses.json(ctx, 200, BankJson.balances(account, data.balances(account)));
    }

    /** {@code GET /accounts/{accountId}/transactions}. */
    void transactions(RoutingContext ctx) {
        Account account = readableAccount(ctx);
        TransactionQuery query = TransactionQuery.parse(ctx.queryParams());
        List<Transaction> matching = query.matching(data.transactions(account.accountId()));
        BankResponses.json(ctx, 200, BankJson.transactionPage(account, query, matching));
    }

    private Caller caller(RoutingContext ctx) {
        return Caller.identify(ctx.request().headers().getAll(BankApi.SUBJECT_HEADER), data);
    }

    private Account readableAccount(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String accountId = ctx.pathParam("accountId");
        if (!BankIds.isAccountId(accountId)) {
            throw ProblemException.invalidRequest("accountId must be 24 lower-case hexadecimal digits.");
        }
        // Someone else's account is answered exactly like a missing one: a 403 would confirm that it exists.
        return data.account(accountId)
                .filter(caller::mayRead)
                .orElseThrow(() -> ProblemException.notFound("No such account."));
    }
}
