/** The one SHA-256 Bulwark computes itself; depends on nothing else in Bulwark, so every package may use it. */
package io.bulwark.digest;
