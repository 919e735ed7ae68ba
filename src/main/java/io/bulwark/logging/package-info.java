/**
 * Bulwark's logs: the Logback components that mask every line in the logging layer itself (whatever a caller passed),
 * the request context each line of a request carries (SLF4J MDC), and the choice of format (JSON lines or text).
 */
package io.bulwark.logging;
