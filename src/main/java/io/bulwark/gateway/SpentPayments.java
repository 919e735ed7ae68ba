package io.bulwark.gateway;

import java.time.Instant;

/** Port: the consented payments already made, shared by every node (the store's replay guard in production). */
@FunctionalInterface
public interface SpentPayments {

    /**
     * Records that the consented payment {@code id} is made, atomically across nodes.
     *
     * @return true the first time; false when it was already spent and is still remembered
     * @throws RuntimeException when it cannot tell; the caller then refuses the payment
     */
    boolean spend(String id, Instant rememberUntil);
}
