/**
 * Credential-stuffing and brute-force protection for every place that checks a credential (client authentication,
 * user passwords and second factors): failures counted per identity and per source address in a store all nodes
 * share, progressive delay, lockout (PCI DSS 4.0.1 §8.3.4), and security events for spread-out attacks.
 */
package io.bulwark.ratelimit.lockout;
