package io.bulwark.oauth.users;

/** What one check of a factor came to. */
public sealed interface LoginOutcome {

    /** The factor was right. */
    record Accepted(User user) implements LoginOutcome {
    }

    /** Wrong username, password or code: one answer for all, so that none of them can be told apart. */
    record Rejected() implements LoginOutcome {
    }

    /** The {@link LoginGuard} refused to check the attempt at all (for example during a lockout). */
    record Blocked() implements LoginOutcome {
    }
}
