package io.bulwark.cli;

import io.bulwark.audit.GroupCommitAuditTrail;
import io.bulwark.audit.LoggingSecurityEventSink;
import io.bulwark.audit.SystemAuditEvents;
import io.bulwark.runtime.AuditCheckpointing;
import io.bulwark.runtime.AuditIntegrity;

import java.time.Clock;
import java.util.Map;

/**
 * Records an operator command in the audit trail (PCI DSS v4.0 10.2.1.2 actions of privileged accounts, 10.2.1.3 access
 * to the audit logs, 10.2.1.5 credential changes, 10.2.1.7 objects created and deleted), with the operating-system
 * account that ran it, and signs a checkpoint of the chain at once: commands are rare, and each is then vouched for.
 */
final class OperatorAudit {

    private OperatorAudit() {
    }

    /**
     * Appends the record; a failure is reported on stderr and does not undo the command, which is already done.
     *
     * @param command such as {@code clients.create}
     */
    static void record(StoreOptions.Opened opened, String command, Map<String, String> objects, String outcome, boolean succeeded) {
        Clock clock = Clock.systemUTC();
        try (GroupCommitAuditTrail trail = AuditIntegrity.of(opened.masterKey(), opened.dataDir()).trail(opened.store().auditWriter())) {
            trail.append(SystemAuditEvents.operatorAction(clock.instant(), command, operator(), objects, outcome, succeeded));
            AuditCheckpointing.checkpointer(opened.audit(), opened.store(),
                    AuditCheckpointing.keys(opened.store(), opened.sealer(), clock, opened.publicationLead()), trail::lastCommitted,
                    new LoggingSecurityEventSink(), clock).checkpointNow();
        } catch (RuntimeException e) {
            System.err.println("bulwark: warning: `bulwark " + command.replace('.', ' ') + "` could not be recorded in the audit trail: "
                    + e.getMessage());
        }
    }

    /** The operating-system account that runs the command, and the one behind sudo when there is one. */
    static String operator() {
        String user = System.getProperty("user.name", "unknown");
        String sudoUser = System.getenv("SUDO_USER");
        return sudoUser == null || sudoUser.isBlank() ? user : sudoUser + " (sudo as " + user + ")";
    }
}
