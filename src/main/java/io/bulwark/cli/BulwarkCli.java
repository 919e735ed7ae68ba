package io.bulwark.cli;

import io.bulwark.logging.LogOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code bulwark} command. */
@Command(name = "bulwark", mixinStandardHelpOptions = true, version = "Bulwark 0.1.0",
        description = "Financial-grade API security gateway: FAPI 2.0 authorization server and zero-trust gateway.",
        subcommands = {DemoCommand.class, ServeCommand.class, ClientsCommand.class, KeysCommand.class, UsersCommand.class, GrantsCommand.class, AuditCommand.class,
                ClientAssertionCommand.class, DpopProofCommand.class, AnomalyCommand.class, AnomaliesCommand.class,
                CommandLine.HelpCommand.class})
public final class BulwarkCli {

    public static void main(String[] args) {
        // RFC 9325 §3.5: no client-initiated renegotiation; the JDK reads this once, before any TLS.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        LogOutput.preferEnvironment(System.getenv());
        int exit = commandLine().execute(args);
        if (exit != 0 || !Boolean.getBoolean("bulwark.keepRunning")) {
            System.exit(exit);
        }
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new BulwarkCli()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Operator mistakes (a bad file, a busy port, an unknown id) get one line that names the fix, not a stack trace.
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("bulwark: " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
