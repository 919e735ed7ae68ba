package io.bulwark.runtime;

import io.bulwark.audit.AuditBatchWriter;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.AuditChainVerifier;
import io.bulwark.audit.AuditTailAnchor;
import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.store.MasterKey;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A node's audit chain key and tail anchor, derived from its master key (one purpose each, as the DPoP
 * nonce keys are) and kept in its data folder: built alike by the running node and `bulwark audit verify`.
 */
public record AuditIntegrity(AuditChain chain, AuditTailAnchor anchor) {

    // Longer than the pool's connection timeout, so a dead database fails the wait rather than the clock.
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    public static AuditIntegrity of(MasterKey masterKey, Path dataDir) {
        return new AuditIntegrity(new AuditChain(masterKey.deriveHmacKey(AuditChain.KEY_PURPOSE)),
                new AuditTailAnchor(dataDir.resolve(AuditTailAnchor.FILE_NAME), masterKey.deriveHmacKey(AuditTailAnchor.KEY_PURPOSE)));
    }

    public AuditChainVerifier verifier() {
        return new AuditChainVerifier(chain, anchor);
    }

    /** The group-committing trail over {@code writer}, keyed and anchored; the caller closes it before the store. */
    public GroupCommitAuditTrail trail(AuditBatchWriter writer) {
        return new GroupCommitAuditTrail(writer, chain, anchor, COMMIT_TIMEOUT);
    }
}
