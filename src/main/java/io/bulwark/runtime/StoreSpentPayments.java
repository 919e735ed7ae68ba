package io.bulwark.runtime;

import io.bulwark.gateway.SpentPayments;
import io.bulwark.store.OneTimeReservations;

import java.time.Instant;
import java.util.Optional;

/** The gateway's {@link SpentPayments} in the store's one-time reservations, shared by every node. */
final class StoreSpentPayments implements SpentPayments {

    private static final String NAMESPACE = "payment-consent";

    private final OneTimeReservations reservations;

    StoreSpentPayments(OneTimeReservations reservations) {
        this.reservations = reservations;
    }

    @Override
    public Optional<String> reserve(String id, Instant rememberUntil) {
        return reservations.reserve(NAMESPACE, id, rememberUntil);
    }

    @Override
    public void spend(String id, String holder) {
        reservations.spend(NAMESPACE, id, holder);
    }

    @Override
    public void release(String id, String holder) {
        reservations.release(NAMESPACE, id, holder);
    }
}
