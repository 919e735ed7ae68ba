/**
 * Metrics: one Prometheus registry per node (Micrometer), fed from each request's decision event off the request path,
 * from the pipeline's own per-step counters, from security events and from cheap counters at the authorization server's
 * endpoints. Names carry one {@code bulwark_} prefix and base units; labels come from small fixed sets (docs/OBSERVABILITY.md).
 */
package io.bulwark.observability;
