/** Vert.x adapters of the gateway: the inbound request handler and the outbound upstream client. */
package io.bulwark.gateway.http;
