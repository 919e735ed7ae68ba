package io.bulwark.observability;

import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditRecords;

/**
 * {@code store}: a real query against the store, the audit chain's head (one row of a table every node writes), so a
 * closed pool, a database that went away or a dropped schema all fail it; {@code SELECT 1} would pass the last one.
 */
public final class StoreCheck {

    public static final String NAME = "store";

    private StoreCheck() {
    }

    public static ReadinessCheck of(AuditRecords records) {
        return new ReadinessCheck(NAME, () -> {
            AuditChain.Head head = records.head();
            return CheckResult.pass("answered; audit chain head at record " + head.seq());
        });
    }
}
