/**
 * {@code bulwark demo}: a complete deployment in one process on an embedded store: authorization
 * server, gateway, and the demo bank behind it (reachable only over mTLS with the gateway's
 * certificate). {@code demo.bank} holds the bank itself.
 */
package io.bulwark.demo;
