/**
 * JOSE vocabulary shared by the authorization server, the gateway and the configuration: the only algorithms
 * Bulwark signs or accepts and the strength of their keys ({@link io.bulwark.jose.AllowedAlgorithms}), signature
 * checks ({@link io.bulwark.jose.JwsSignatures}) and one spelling per JWS ({@link io.bulwark.jose.CanonicalJws}).
 */
package io.bulwark.jose;
