/**
 * Enforces the compiled API contracts ({@code gateway.openapi}) on live traffic: requests checked
 * parameter by parameter and body against their schemas, responses checked and then minimized to
 * the data classes the token may see. Plain Java over Jackson trees; the steps call it.
 */
package io.bulwark.gateway.contract;
