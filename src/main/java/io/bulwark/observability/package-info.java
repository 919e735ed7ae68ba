/**
 * What the management listener reports about the node itself: readiness checks (store, Redis, upstream circuits, signing
 * keys), each named, run apart on virtual threads with a deadline, and the answer operators and orchestrators read.
 * Plain Java over the node's ports; the wiring in {@code io.bulwark.runtime} supplies the probes that need adapters.
 */
package io.bulwark.observability;
