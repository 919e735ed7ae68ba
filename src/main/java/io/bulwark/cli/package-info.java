/** The {@code bulwark} command line (picocli): demo, serve, client-assertion, dpop-proof. Every command has {@code --help}. */
package io.bulwark.cli;
