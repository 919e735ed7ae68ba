package io.bulwark.cli;

import io.bulwark.demo.DemoUsers;
import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.Totp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code bulwark users}: helpers for the users who sign in at the authorization server. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Help with the users who sign in: current TOTP codes of demo users, and lifting a lockout.",
        subcommands = {UsersCommand.TotpCode.class, UnlockCommand.User.class})
final class UsersCommand {

    /** {@code bulwark users totp <name>}: the second-factor code a demo user's authenticator app would show now. */
    @Command(name = "totp", mixinStandardHelpOptions = true,
            description = "Print the current TOTP code (RFC 6238) of a demo user, as an authenticator app would show it.")
    static final class TotpCode implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<name>", description = "The demo user, e.g. alice or bob.")
        String name;

        @Option(names = "--data-dir", defaultValue = "bulwark-data", description = "Data folder of the demo (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() {
            byte[] secret;
            try {
                secret = Base32.decode(DemoUsers.totpSecret(dataDir, name));
            } catch (IllegalArgumentException e) {
                System.err.println("bulwark users totp: " + e.getMessage());
                return 1;
            }
            Instant now = Instant.now();
            long remaining = Totp.STEP_SECONDS - Math.floorMod(now.getEpochSecond(), Totp.STEP_SECONDS);
            System.out.println(Totp.code(secret, Totp.step(now)));
            System.err.println("valid for " + remaining + " more seconds; each code is accepted once");
            return 0;
        }
    }
}
