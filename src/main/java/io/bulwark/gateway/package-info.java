/**
 * The zero-trust gateway: a pipeline of policy steps, declared in order in {@link io.bulwark.gateway.GatewayPipeline}.
 * Steps are plain Java over {@link io.bulwark.gateway.Exchange}; {@code gateway.http} adapts them to Vert.x.
 */
package io.bulwark.gateway;
