package io.bulwark.oauth.users;

import io.bulwark.store.KeySealer;

import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;

/** Creates and updates users: hashes the password and seals the TOTP secret before anything reaches the store. */
public final class UserAccounts {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final KeySealer sealer;
    private final InstantSource clock;

    public UserAccounts(UserRepository users, PasswordHasher hasher, KeySealer sealer, InstantSource clock) {
        this.users = users;
        this.hasher = hasher;
        this.sealer = sealer;
        this.clock = clock;
    }

    /**
     * Makes sure {@code username} exists with exactly this password and TOTP secret (null for none),
     * saving it only when something differs, so that restarting keeps the TOTP replay state.
     */
    public User ensure(String username, String subject, String displayName, String password, byte[] totpSecret) {
        Optional<User> existing = users.find(username);
        if (existing.isPresent() && matches(existing.get(), subject, displayName, password, totpSecret)) {
            return existing.get();
        }
        User probe = new User(username, subject, displayName, "-", null, false, clock.instant());
        String sealed = totpSecret == null ? null : sealer.seal(Base32.encode(totpSecret), probe.totpContext());
        User user = new User(username, subject, displayName, hasher.hash(password), sealed, false,
                existing.map(User::createdAt).orElse(clock.instant()));
        users.save(user);
        return user;
    }

    private boolean matches(User user, String subject, String displayName, String password, byte[] totpSecret) {
        if (!user.subject().equals(subject) || !user.displayName().equals(displayName) || user.disabled()
                || !hasher.verify(password, user.passwordHash())) {
            return false;
        }
        if (totpSecret == null || !user.hasSecondFactor()) {
            return totpSecret == null && !user.hasSecondFactor();
        }
        return Arrays.equals(totpSecret, Base32.decode(sealer.open(user.sealedTotpSecret(), user.totpContext())));
    }
}
