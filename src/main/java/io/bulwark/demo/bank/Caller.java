package io.bulwark.demo.bank;

import java.util.List;

/**
 * Who is calling, as the gateway vouches in {@value BankApi#SUBJECT_HEADER}: a customer, who sees only their own
 * accounts and payments. A token acting for no customer (a client's own, client credentials) reads none of them: no
 * customer consented, so the bank has no back office reachable through the gateway.
 */
record Caller(Customer customer) {

    /** Whether this caller may see {@code account}. */
    boolean mayRead(Account account) {
        return account.ownerSubject().equals(customer.subject());
    }

    /** Whether this caller may see {@code payment}. */
    boolean mayRead(Payment payment) {
        return payment.initiator().equals(customer.subject());
    }

    /**
     * The customer named by the subject header's values.
     *
     * @throws ProblemException 401 when there is no subject, or more than one; 403 when the subject is no customer
     */
    static Caller identify(List<String> subjectHeaders, BankData data) {
        return data.customer(subject(subjectHeaders)).map(Caller::new).orElseThrow(() -> ProblemException.forbidden(
                "Customers' accounts and payments are served only to a token acting for the customer; this one acts for none."));
    }

    /**
     * The subject the gateway names, customer or client.
     *
     * @throws ProblemException 401 when there is no subject, or more than one
     */
    static String subject(List<String> subjectHeaders) {
        // Two headers could mean a client smuggled its own next to the gateway's: take neither.
        if (subjectHeaders.size() != 1 || subjectHeaders.getFirst().isBlank()) {
            throw ProblemException.unauthenticated();
        }
        return subjectHeaders.getFirst();
    }
}
