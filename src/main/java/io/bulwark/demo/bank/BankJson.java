package io.bulwark.demo.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the bank's records as the JSON bodies {@code bank-openapi.yaml} declares: amounts as decimal strings,
 * dates in ISO 8601, and properties that do not apply left out rather than null.
 */
final class BankJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BankJson() {
    }

    static String write(JsonNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schema {@code ProductList}. */
    static ObjectNode productList(List<Product> products) {
        ObjectNode list = NODES.objectNode();
        ArrayNode items = list.putArray("products");
        products.forEach(p -> items.addObject().put("productId", p.productId()).put("type", p.type().wireName()).put("name", p.name())
                .put("currency", p.currency()));
        return list;
    }

    /** Schema {@code AccountList}. */
    static ObjectNode accountList(List<Account> accounts, BankData data) {
        ObjectNode list = NODES.objectNode();
        ArrayNode items = list.putArray("accounts");
        accounts.forEach(a -> items.add(account(a, data.ownerOf(a))));
        return list;
    }

    /** Schema {@code Account}: the account with its owner's personal data. */
    static ObjectNode account(Account account, Customer owner) {
        ObjectNode json = NODES.objectNode()
                .put("accountId", account.accountId())
                .put("type", account.type().wireName())
                .put("name", account.name())
                .put("currency", account.currency())
                .put("openedOn", account.openedOn().toString());
        if (account.iban() != null) {
            json.put("iban", account.iban()).put("bic", account.bic());
        }
        if (account.pan() != null) {
            json.put("pan", account.pan()).put("cardExpiry", account.cardExpiry().toString());
            json.set("creditLimit", money(account.creditLimit()));
        }
        json.set("owner", customer(owner));
        return json;
    }

    /** Schema {@code Customer}. */
    static ObjectNode customer(Customer customer) {
        PostalAddress address = customer.address();
        ObjectNode json = NODES.objectNode()
                .put("subject", customer.subject())
                .put("fullName", customer.fullName());
        json.putObject("address")
                .put("street", address.street())
                .put("postalCode", address.postalCode())
                .put("city", address.city())
                .put("country", address.country());
        return json.put("dateOfBirth", customer.dateOfBirth().toString())
                .put("email", customer.email())
                .put("phone", customer.phone());
    }

    /** Schema {@code AccountBalances}. */
    static ObjectNode balances(Account account, List<Balance> balances) {
        ObjectNode json = NODES.objectNode().put("accountId", account.accountId());
        ArrayNode items = json.putArray("balances");
        for (Balance balance : balances) {
            ObjectNode item = items.addObject().put("balanceType", balance.type().wireName());
            item.set("balanceAmount", money(balance.amount()));
            item.put("referenceDate", balance.referenceDate().toString());
        }
        return json;
    }

    /** Schema {@code TransactionPage}: one page of {@code matching}, newest first. */
    static ObjectNode transactionPage(Account account, TransactionQuery query, List<Transaction> matching) {
        ObjectNode json = NODES.objectNode()
                .put("accountId", account.accountId())
                .put("page", query.page())
                .put("pageSize", query.pageSize())
                .put("totalItems", matching.size())
                .put("totalPages", query.totalPages(matching.size()));
        ArrayNode items = json.putArray("transactions");
        query.page(matching).forEach(t -> items.add(transaction(t)));
        return json;
    }

    /** Schema {@code Transaction}. */
    static ObjectNode transaction(Transaction transaction) {
        ObjectNode json = NODES.objectNode()
                .put("transactionId", transaction.transactionId())
                .put("bookingStatus", transaction.status().wireName())
                .put("bookingDate", transaction.bookingDate().toString())
                .put("valueDate", transaction.valueDate().toString());
        json.set("transactionAmount", money(transaction.amount()));
        if (transaction.creditorName() != null) {
            json.put("creditorName", transaction.creditorName());
        }
        if (transaction.debtorName() != null) {
            json.put("debtorName", transaction.debtorName());
        }
        return json.put("description", transaction.description());
    }

    /** Schema {@code Payment}. */
    static ObjectNode payment(Payment payment) {
        PaymentOrder order = payment.order();
        ObjectNode json = NODES.objectNode()
                .put("paymentId", payment.paymentId().toString())
                .put("status", payment.status().wireName())
                .put("createdAt", payment.createdAt().toString())
                .put("initiatedBy", payment.initiator());
        json.putObject("debtorAccount")
                .put("accountId", order.debtorAccountId())
                .put("iban", payment.debtorIban());
        json.set("instructedAmount", money(order.instructedAmount()));
        json.putObject("creditorAccount").put("iban", order.creditorIban());
        json.put("creditorName", order.creditorName());
        if (order.remittanceInformation() != null) {
            json.put("remittanceInformation", order.remittanceInformation());
        }
        return json;
    }

    /** Schema {@code Money}. */
    static ObjectNode money(Money money) {
        return NODES.objectNode().put("amount", money.amountString()).put("currency", money.currency());
    }
}
