package io.bulwark.gateway;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: the consented payments in flight or made, shared by every node (the store's one-time reservations in
 * production). A payment is reserved before it is forwarded, then spent when the bank made it, or released when
 * the bank refused it without moving money.
 */
public interface SpentPayments {

    /**
     * Reserves the consented payment {@code id}, atomically across nodes; unsettled, it counts as spent until
     * {@code rememberUntil}.
     *
     * @return the reservation's holder; empty when the payment is in flight or already made
     * @throws RuntimeException when it cannot tell; the caller then refuses the payment
     */
    Optional<String> reserve(String id, Instant rememberUntil);

    /** The payment was made: the reservation {@code holder} holds stays, spent for good. */
    void spend(String id, String holder);

    /** The payment was refused and no money moved: the consent may pay again. Only {@code holder}'s own reservation. */
    void release(String id, String holder);
}
