package io.bulwark.oauth.users;

import java.util.Objects;

/**
 * The password and TOTP checks of a browser sign-in with the words a page shows for each refusal, so the
 * authorization flow and the account pages sign users in alike: through {@link LoginAttempts} and its guard.
 */
public final class SignInCheck {

    private static final int MAX_USERNAME = 256;

    private final LoginAttempts attempts;

    public SignInCheck(LoginAttempts attempts) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    /** What a check came to: the user, or the sentence to show on the form. */
    public sealed interface Result {
        /** The factor was right. */
        record Passed(User user) implements Result {
        }

        /** Refused; {@code message} tells the user what to do, and never which of username or password was wrong. */
        record Refused(String message) implements Result {
        }
    }

    /** Checks a username and password typed into a sign-in form. */
    public Result password(String username, String password, String remoteAddress, String requestId) {
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME) {
            return new Result.Refused("Enter your username and password.");
        }
        LoginOutcome outcome = attempts.password(
                new LoginAttempt(username.strip(), remoteAddress, requestId, LoginAttempt.Factor.PASSWORD), password);
        return switch (outcome) {
            case LoginOutcome.Blocked blocked -> tooMany();
            case LoginOutcome.Rejected rejected ->
                    new Result.Refused("That username and password do not match. Check them and try again.");
            case LoginOutcome.Accepted accepted -> new Result.Passed(accepted.user());
        };
    }

    /** Checks the TOTP code of {@code user}, who has given the right password. */
    public Result secondFactor(User user, String code, String remoteAddress, String requestId) {
        LoginOutcome outcome = attempts.secondFactor(
                new LoginAttempt(user.username(), remoteAddress, requestId, LoginAttempt.Factor.TOTP), user,
                code == null ? null : code.strip());
        return switch (outcome) {
            case LoginOutcome.Blocked blocked -> tooMany();
            case LoginOutcome.Rejected rejected -> new Result.Refused(
                    "That code is not right, or was already used. Wait for the next code and try again.");
            case LoginOutcome.Accepted accepted -> new Result.Passed(accepted.user());
        };
    }

    private static Result tooMany() {
        return new Result.Refused("Too many attempts. Wait a few minutes, then try again.");
    }
}
