package io.bulwark.cli;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.ratelimit.lockout.Attempt;
import io.bulwark.runtime.Unlocker;
import io.bulwark.store.FailureState;
import io.bulwark.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bulwark clients unlock ID} and {@code bulwark users unlock NAME}: lift a brute-force lockout early. */
abstract class UnlockCommand implements Callable<Integer> {

    /** Exit status when the store (or Redis) cannot be reached; nothing was changed. */
    static final int STORE_ERROR = 1;

    @Option(names = "--config", required = true, description = "The bulwark.yaml of the deployment (its store and redis are used).")
    Path config;

    abstract Attempt.Kind kind();

    abstract String identity();

    @Override
    public Integer call() {
        BulwarkConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("bulwark: invalid configuration, nothing was changed.");
            System.err.println(e.getMessage());
            return ServeCommand.CONFIG_ERROR;
        }
        String what = kind().name().toLowerCase(Locale.ROOT) + " " + identity();
        FailureState before;
        try {
            before = Unlocker.unlock(loaded, kind(), identity());
        } catch (StoreException | io.bulwark.ratelimit.redis.RedisLink.RedisUnavailableException | io.lettuce.core.RedisException e) {
            System.err.println("bulwark: cannot reach the store to unlock " + what + ": " + e.getMessage()
                    + (loaded.store().kind() == io.bulwark.config.StoreConfig.Kind.EMBEDDED
                    ? " (the embedded store is open in the running node: stop it first, or use a postgres store)" : ""));
            return STORE_ERROR;
        }
        // The same words whether or not the identity exists: only failures against it are known here.
        if (before.lockedAt(Instant.now())) {
            System.out.printf("Unlocked %s (it was locked out until %s after %d failed attempts).%n", what, before.lockedUntil(), before.failures());
        } else {
            System.out.printf("%s was not locked out; its failed-attempt count (%d) is cleared.%n", capitalised(what), before.failures());
        }
        return 0;
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Lift the lockout of a client id after failed authentications, and clear its failure count.")
    static final class Client extends UnlockCommand {
        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "The client_id to unlock.")
        String clientId;

        @Override
        Attempt.Kind kind() {
            return Attempt.Kind.CLIENT;
        }

        @Override
        String identity() {
            return clientId;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Lift the lockout of a user name after failed logins, and clear its failure count.")
    static final class User extends UnlockCommand {
        @Parameters(index = "0", paramLabel = "USER_NAME", description = "The user name to unlock.")
        String userName;

        @Override
        Attempt.Kind kind() {
            return Attempt.Kind.USER;
        }

        @Override
        String identity() {
            return userName;
        }
    }
}
