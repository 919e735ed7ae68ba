/**
 * Security events and the tamper-evident audit trail: one {@link io.bulwark.audit.AuditEvent} per
 * gateway request, hash-chained ({@link io.bulwark.audit.AuditChain}) and checked by
 * {@link io.bulwark.audit.AuditChainVerifier}. Events never carry secrets, tokens or unmasked PANs.
 */
package io.bulwark.audit;
