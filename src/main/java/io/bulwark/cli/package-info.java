/** The {@code bulwark} command line (picocli): demo, serve, client-assertion. Every command has {@code --help}. */
package io.bulwark.cli;
