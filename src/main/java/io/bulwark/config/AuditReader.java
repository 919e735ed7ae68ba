package io.bulwark.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code audit}: how often the audit chain's head is signed, and where the signed checkpoints are copied. */
final class AuditReader {

    private AuditReader() {
    }

    static AuditConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return AuditConfig.defaults();
        }
        node.map("checkpoints");
        ConfigNode checkpoints = node.get("checkpoints");
        if (checkpoints.isAbsent()) {
            return AuditConfig.defaults();
        }
        checkpoints.map("every-records", "every", "file", "webhook");
        long everyRecords = Numbers.read(checkpoints.get("every-records"), AuditConfig.DEFAULT_EVERY_RECORDS, 1, 1_000_000,
                "records written after the last checkpoint can be cut from the end unseen by the checkpoints");
        Duration every = Durations.read(checkpoints.get("every"), AuditConfig.DEFAULT_EVERY, Duration.ofSeconds(1), Duration.ofHours(1),
                "records written after the last checkpoint can be cut from the end unseen by the checkpoints");
        return new AuditConfig(everyRecords, every, file(checkpoints.get("file")), webhook(checkpoints.get("webhook")));
    }

    private static Optional<Path> file(ConfigNode node) {
        if (node.isAbsent()) {
            return Optional.empty();
        }
        Path file = node.file();
        if (Files.isDirectory(file)) {
            throw node.error(file + " is a folder", "name a file that checkpoints are appended to, for example "
                    + "`/var/log/bulwark/audit-checkpoints.jsonl` (on a disk the database's owner cannot write)");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw node.error("the folder of " + file + " does not exist", "create " + folder + " or name a file in an existing folder");
        }
        return Optional.of(file);
    }

    private static Optional<AuditConfig.Webhook> webhook(ConfigNode node) {
        if (node.isAbsent()) {
            return Optional.empty();
        }
        node.map("url", "ca");
        ConfigNode url = node.get("url").required("the HTTPS URL checkpoints are POSTed to, for example `https://siem.example/bulwark`");
        ConfigNode ca = node.get("ca");
        return Optional.of(new AuditConfig.Webhook(HttpsUris.read(url, "write the receiver's absolute https URL, for example "
                + "`https://siem.example/bulwark/checkpoints`, without credentials, query or fragment"),
                ca.isAbsent() ? Optional.empty() : Optional.of(ca.existingFile())));
    }
}
