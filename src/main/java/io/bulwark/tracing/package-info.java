/**
 * OpenTelemetry traces of the gateway: the SDK set up from {@code tracing} in {@code bulwark.yaml} (sampling, OTLP/HTTP
 * export over the JDK's HTTP client, a bounded queue whose drops are counted). The spans themselves are made in
 * {@code io.bulwark.gateway.RequestTracing}; this package only decides where they go.
 */
package io.bulwark.tracing;
