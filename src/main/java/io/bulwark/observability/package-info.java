/**
 * What the management listener reports about the node itself. Readiness: checks (store, Redis, upstream circuits, signing
 * keys), each named, run apart on virtual threads with a deadline, and the answer operators and orchestrators read.
 * Metrics: one Prometheus registry per node (Micrometer), fed from each request's decision event off the request path,
 * from the pipeline's own per-step counters, from security events and from cheap counters at the authorization server's
 * endpoints. Names carry one {@code bulwark_} prefix and base units; labels come from small fixed sets (docs/OBSERVABILITY.md).
 * Plain Java over the node's ports; the wiring in {@code io.bulwark.runtime} supplies the probes that need adapters.
 */
package io.bulwark.observability;
