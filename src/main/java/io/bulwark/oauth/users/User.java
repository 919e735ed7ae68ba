package io.bulwark.oauth.users;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who can sign in.
 *
 * @param username          what they type to sign in
 * @param subject           the {@code sub} their tokens carry (the bank's customer id)
 * @param displayName       how pages greet them
 * @param passwordHash      an encoded Argon2id hash ({@link PasswordHasher}); never the password
 * @param sealedTotpSecret  their RFC 6238 secret sealed under the master key, or null without a second factor
 * @param disabled          a disabled user cannot sign in
 * @param createdAt         when the account was created
 */
public record User(String username, String subject, String displayName, String passwordHash, String sealedTotpSecret,
                   boolean disabled, Instant createdAt) {

    /** Usernames are short, case-sensitive tokens: no spaces, nothing a log or an HTML page could misread. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9._@-]{1,64}");

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-64 of a-z 0-9 . _ @ -");
        }
    }

    /** Whether the user has enrolled a TOTP second factor. */
    public boolean hasSecondFactor() {
        return sealedTotpSecret != null;
    }

    /** The sealing context of this user's TOTP secret: a sealed secret copied to another user does not open. */
    public String totpContext() {
        return "totp:" + username;
    }

    @Override
    public String toString() {
        return "User[username=" + username + ", subject=" + subject + ", disabled=" + disabled + ", secrets redacted]";
    }
}
