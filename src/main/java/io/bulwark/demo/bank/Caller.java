package io.bulwark.demo.bank;

import java.util.List;

/**
 * Who is calling, as the gateway vouches in {@value BankApi#SUBJECT_HEADER}: a customer, who sees only their
 * own accounts and payments, or a machine client, which reads everything as the back office but cannot pay.
 */
sealed interface Caller {

    /** Whether this caller may see {@code account}. */
    boolean mayRead(Account account);

    /** Whether this caller may see {@code payment}. */
    boolean mayRead(Payment payment);

    /**
     * The caller named by the subject header's values.
     *
     * @throws ProblemException 401 when there is no subject, or more than one
     */
    static Caller identify(List<String> subjectHeaders, BankData data) {
        // Two headers could mean a client smuggled its own next to the gateway's: take neither.
        if (subjectHeaders.size() != 1 || subjectHeaders.getFirst().isBlank()) {
            throw ProblemException.unauthenticated();
        }
        String subject = subjectHeaders.getFirst();
        return data.customer(subject)
                .<Caller>map(AccountHolder::new)
                .orElseGet(() -> new BackOffice(subject));
    }

    /** A customer of the bank. */
    record AccountHolder(Customer customer) implements Caller {

        @Override
        public boolean mayRead(Account account) {
            return account.ownerSubject().equals(customer.subject());
        }

        @Override
        public boolean mayRead(Payment payment) {
            return payment.initiator().equals(customer.subject());
        }
    }

    /** A machine client (client credentials grant), answered as a back-office reader of every account. */
    record BackOffice(String clientSubject) implements Caller {

        @Override
        public boolean mayRead(Account account) {
            return true;
        }

        @Override
        public boolean mayRead(Payment payment) {
            return true;
        }
    }
}
