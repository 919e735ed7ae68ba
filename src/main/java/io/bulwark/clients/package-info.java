/**
 * The registered client (how it authenticates, its keys, scopes, grant types, sender constraint and
 * {@link io.bulwark.clients.TokenSettings}) and its repository port, read by the configuration, the CLI, the
 * authorization server and the gateway; the JDBC adapter implements the port.
 */
package io.bulwark.clients;
