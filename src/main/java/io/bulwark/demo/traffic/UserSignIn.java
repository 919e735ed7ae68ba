package io.bulwark.demo.traffic;

import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.Totp;

import java.time.Instant;
import java.util.Objects;

/**
 * A demo user's sign-in: username, password and TOTP secret (RFC 6238), and the last time step whose code was typed,
 * since the authorization server takes each code once.
 */
final class UserSignIn {

    private final String username;
    private final String password;
    private final byte[] totpSecret;
    private long lastStep = -1;

    UserSignIn(String username, String password, String totpSecretBase32) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.totpSecret = Base32.decode(totpSecretBase32);
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** A code of a time step not used before, waiting for the next step when this one's code was typed already. */
    synchronized String nextCode() throws InterruptedException {
        long step = Totp.step(Instant.now());
        if (step <= lastStep) {
            long nextStepMillis = (lastStep + 1) * Totp.STEP_SECONDS * 1000;
            Thread.sleep(Math.max(0, nextStepMillis - System.currentTimeMillis()) + 50);
            step = Totp.step(Instant.now());
        }
        lastStep = step;
        return Totp.code(totpSecret, step);
    }

    @Override
    public String toString() {
        return "UserSignIn[" + username + ", secrets redacted]";
    }
}
