/** The Vert.x adapter of the security event stream: Server-Sent Events on the management listener. */
package io.bulwark.events.http;
