package io.bulwark.cli;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.ratelimit.lockout.FailureKeys;
import io.bulwark.runtime.Unlocker;
import io.bulwark.store.FailureState;
import io.bulwark.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bulwark clients unlock ID --address IP} and {@code bulwark users unlock NAME}: lift a brute-force delay or
 * lockout early.
 */
abstract class UnlockCommand implements Callable<Integer> {

    /** Exit status when the store (or Redis) cannot be reached; nothing was changed. */
    static final int STORE_ERROR = 1;

    @Option(names = "--config", required = true, description = "The bulwark.yaml of the deployment (its store and redis are used).")
    Path config;

    /** One failure count to clear, named as the command prints it ("user alice"). */
    record Counter(String name, String key) {
    }

    /** What is unlocked, for messages: "user alice". */
    abstract String what();

    /** The counts to clear; throws {@link IllegalArgumentException} with the fix when the arguments name none. */
    abstract List<Counter> counters();

    /** The audit record's command name ({@code users.unlock}) and what it names. */
    abstract String command();

    abstract java.util.Map<String, String> objects();

    @Override
    public Integer call() {
        List<Counter> counters;
        try {
            counters = counters();
        } catch (IllegalArgumentException e) {
            System.err.println("bulwark: " + e.getMessage() + "; nothing was changed.");
            return ServeCommand.CONFIG_ERROR;
        }
        BulwarkConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("bulwark: invalid configuration, nothing was changed.");
            System.err.println(e.getMessage());
            return ServeCommand.CONFIG_ERROR;
        }
        List<FailureState> before;
        try {
            before = Unlocker.unlock(loaded, counters.stream().map(Counter::key).toList());
        } catch (StoreException | io.bulwark.ratelimit.redis.RedisLink.RedisUnavailableException | io.lettuce.core.RedisException e) {
            System.err.println("bulwark: cannot reach the store to unlock " + what() + ": " + e.getMessage()
                    + (loaded.store().kind() == io.bulwark.config.StoreConfig.Kind.EMBEDDED
                    ? " (the embedded store is open in the running node: stop it first, or use a postgres store)" : ""));
            return STORE_ERROR;
        }
        // The same words whether or not the identity exists: only failures against it are known here.
        Instant now = Instant.now();
        for (int i = 0; i < counters.size(); i++) {
            String name = counters.get(i).name();
            FailureState state = before.get(i);
            if (state.lockedAt(now)) {
                System.out.printf("Unlocked %s (it was locked out until %s after %d failed attempts).%n", name, state.lockedUntil(),
                        state.failures());
            } else {
                System.out.printf("%s was not locked out; its failed-attempt count (%d) is cleared.%n", capitalised(name), state.failures());
            }
        }
        record(loaded, before.stream().anyMatch(state -> state.lockedAt(now)) ? "unlocked" : "counts_cleared");
        return 0;
    }

    /**
     * PCI DSS v4.0 10.2.1.2: lifting a lockout is a privileged action, recorded like every operator command. The embedded
     * store of a running node cannot be opened: the unlock (done in Redis) then stands, and the operator is told it is
     * not recorded.
     */
    private void record(BulwarkConfig loaded, String outcome) {
        try (StoreOptions.Opened opened = StoreOptions.open(loaded)) {
            OperatorAudit.record(opened, command(), objects(), outcome, true);
        } catch (RuntimeException e) {
            System.err.println("bulwark: warning: `bulwark " + command().replace('.', ' ') + "` could not be recorded in the audit trail: "
                    + e.getMessage());
        }
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"Lift the delay or lockout of a client id at one address, after failed authentications from there, and clear "
                    + "that failure count.", "A client id is never locked out everywhere: its keys cannot be guessed, so failures "
                    + "claimed in its name are counted per address they come from (and per address alone)."})
    static final class Client extends UnlockCommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "The client_id to unlock.")
        String clientId;

        @Option(names = "--address", required = true, paramLabel = "IP",
                description = "The address the client's failed authentications came from, as the node sees it (e.g. 203.0.113.5).")
        String address;

        @Override
        String what() {
            return "client " + clientId + " from " + address;
        }

        @Override
        String command() {
            return "clients.unlock";
        }

        @Override
        java.util.Map<String, String> objects() {
            return java.util.Map.of("client_id", clientId, "address", address.strip());
        }

        @Override
        List<Counter> counters() {
            String ip;
            try {
                // A literal only: no name lookup. Written as the node writes the addresses it counts.
                ip = InetAddress.ofLiteral(address.strip()).getHostAddress();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--address " + address + " is not an IP address; give the client's address as the "
                        + "node sees it, such as 203.0.113.5 or 2001:db8::5", e);
            }
            return List.of(new Counter("client " + clientId + " from " + ip, FailureKeys.identityFrom(Attempt.Kind.CLIENT, clientId, ip)));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Lift the lockout of a user name after failed sign-ins, of the password and of the second factor (TOTP), and "
                    + "clear both failure counts.")
    static final class User extends UnlockCommand {
        @Parameters(index = "0", paramLabel = "USER_NAME", description = "The user name to unlock.")
        String userName;

        @Override
        String what() {
            return "user " + userName;
        }

        @Override
        String command() {
            return "users.unlock";
        }

        @Override
        java.util.Map<String, String> objects() {
            return java.util.Map.of("user", userName);
        }

        @Override
        List<Counter> counters() {
            return List.of(new Counter("user " + userName, FailureKeys.identity(Attempt.Kind.USER, userName)),
                    new Counter("the second factor of user " + userName, FailureKeys.identity(Attempt.Kind.SECOND_FACTOR, userName)),
                    new Counter("the daily second-factor cap of user " + userName, FailureKeys.secondFactorDay(userName)));
        }
    }
}
