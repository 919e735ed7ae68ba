package io.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code bulwark} command. */
@Command(name = "bulwark", mixinStandardHelpOptions = true, version = "Bulwark 0.1.0",
        description = "Financial-grade API security gateway: FAPI 2.0 authorization server and zero-trust gateway.",
        subcommands = {DemoCommand.class, ServeCommand.class, ClientAssertionCommand.class, UsersCommand.class,
                CommandLine.HelpCommand.class})
public final class BulwarkCli {

    public static void main(String[] args) {
        // RFC 9325 §3.5: no client-initiated renegotiation; the JDK reads this once, before any TLS.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        int exit = commandLine().execute(args);
        if (exit != 0 || !Boolean.getBoolean("bulwark.keepRunning")) {
            System.exit(exit);
        }
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new BulwarkCli());
    }
}
