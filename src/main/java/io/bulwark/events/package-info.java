/**
 * Security events out: every {@link io.bulwark.audit.SecurityEvent} (refusals, lockouts, stuffing and spraying, key
 * rotations, configuration reloads, audit chain alarms) goes to the log, the audit trail, a live stream for the
 * management listener and signed webhooks with a durable outbox, retries and a dead-letter file
 * (docs/OBSERVABILITY.md, "Security events"). Plain Java; the stream's HTTP adapter is in {@code events.http}.
 */
package io.bulwark.events;
