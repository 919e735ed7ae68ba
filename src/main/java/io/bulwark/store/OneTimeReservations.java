package io.bulwark.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: one-time uses whose outcome is pending (a payment in flight). A use is reserved first, then spent or, when
 * it did not happen, released so that it may be used again. Atomic across every node that shares the store.
 */
public interface OneTimeReservations {

    /**
     * Reserves {@code id} within {@code namespace} until {@code expiresAt}, unless it is reserved or spent and still
     * remembered. A reservation never settled stays until then, as if spent.
     *
     * @return the reservation's holder, a secret the caller settles it with; empty when it is taken
     */
    Optional<String> reserve(String namespace, String id, Instant expiresAt);

    /**
     * Spends the reservation {@code holder} holds: it can no longer be released.
     *
     * @return false when {@code holder} holds no reservation of {@code id} (it expired and was taken over)
     */
    boolean spend(String namespace, String id, String holder);

    /**
     * Forgets the reservation {@code holder} holds, if it is not spent, so that {@code id} may be reserved again. A
     * conditional delete: a reservation that expired and was taken over by another caller is never touched.
     *
     * @return whether it was released
     */
    boolean release(String namespace, String id, String holder);
}
