/** Wires a Bulwark node from its configuration: store, authorization server, gateway; and stops it cleanly. */
package io.bulwark.runtime;
