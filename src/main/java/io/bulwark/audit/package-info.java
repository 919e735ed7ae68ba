/**
 * Security events and the tamper-evident audit trail: one {@link io.bulwark.audit.AuditEvent} per
 * gateway request, chained with HMAC-SHA256 under a master-key-derived key ({@link io.bulwark.audit.AuditChain}), anchored
 * ({@link io.bulwark.audit.AuditTailAnchor}) and checked by
 * {@link io.bulwark.audit.AuditChainVerifier}. Events never carry secrets, tokens or unmasked PANs.
 */
package io.bulwark.audit;
