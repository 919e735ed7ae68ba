/** The gateway's policy steps: one final class per check, each testable alone. */
package io.bulwark.gateway.steps;
