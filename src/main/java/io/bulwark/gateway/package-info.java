/**
 * The zero-trust gateway's contract: {@link io.bulwark.gateway.Step}s in {@link io.bulwark.gateway.Phase} order,
 * checked by {@link io.bulwark.gateway.GatewayPipeline}; the list itself is declared in {@code runtime.GatewayAssembly}.
 * Steps are plain Java over {@link io.bulwark.gateway.Exchange}; {@code gateway.http} adapts them to Vert.x.
 */
package io.bulwark.gateway;
