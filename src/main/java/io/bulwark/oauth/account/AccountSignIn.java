package io.bulwark.oauth.account;

import io.bulwark.oauth.authorize.InteractionError;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.users.SignInCheck;
import io.bulwark.oauth.users.User;
import io.bulwark.oauth.users.UserRepository;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The account pages' own sign-in: password, then TOTP when the user has a second factor, each checked by
 * {@link SignInCheck} (the authorization flow's checks, guard and security events). Every step after the
 * first is bound to the browser by its session token and to the form by the CSRF token.
 */
public final class AccountSignIn {

    /** Short, and never extended: a session left open on a shared computer ends by itself. */
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);

    private final AccountSessionStore sessions;
    private final UserRepository users;
    private final SignInCheck check;
    private final InstantSource clock;

    public AccountSignIn(AccountSessionStore sessions, UserRepository users, SignInCheck check, InstantSource clock) {
        this.sessions = sessions;
        this.users = users;
        this.check = check;
        this.clock = clock;
    }

    /** A session as the browser holds it: its cookie value and what the store knows of it. */
    public record Opened(String sessionToken, AccountSession session) {
        @Override
        public String toString() {
            return "Opened[sessionToken=***, " + session + "]";
        }
    }

    /** What a form submission came to: on to {@code session} (with a new cookie value if not null), or the same form again with a message. */
    public sealed interface Step {
        /** The session moved on; {@code newSessionToken} replaces the cookie when not null. */
        record Moved(AccountSession.Stage stage, String newSessionToken) implements Step {
        }

        /** Show the form of {@code stage} again, with {@code message}. */
        record Retry(AccountSession.Stage stage, String message) implements Step {
        }
    }

    /** The browser's session, if its cookie names one that has not expired. */
    public Optional<AccountSession> current(String sessionToken) {
        if (sessionToken == null || sessionToken.isEmpty()) {
            return Optional.empty();
        }
        return sessions.find(SecretTokens.hash(sessionToken), clock.instant());
    }

    /** The browser's session, or the "session expired" page. */
    public AccountSession required(String sessionToken) {
        return current(sessionToken).orElseThrow(AccountSignIn::sessionLost);
    }

    /** Opens a session at the password step, for a browser that has none. */
    public Opened open() {
        String token = SecretTokens.newToken();
        AccountSession session = new AccountSession(SecretTokens.newToken(), AccountSession.Stage.PASSWORD, null,
                clock.instant().plus(SESSION_LIFETIME));
        sessions.create(SecretTokens.hash(token), session);
        return new Opened(token, session);
    }

    /** The password step. */
    public Step password(String sessionToken, String csrfToken, String username, String password, String remoteAddress,
                         String requestId) {
        AccountSession session = checked(sessionToken, csrfToken);
        if (session.stage() != AccountSession.Stage.PASSWORD) {
            return new Step.Moved(session.stage(), null);
        }
        return switch (check.password(username, password, remoteAddress, requestId)) {
            case SignInCheck.Result.Refused refused -> new Step.Retry(AccountSession.Stage.PASSWORD, refused.message());
            case SignInCheck.Result.Passed passed -> {
                AccountSession.Stage next = passed.user().hasSecondFactor()
                        ? AccountSession.Stage.SECOND_FACTOR : AccountSession.Stage.SIGNED_IN;
                yield move(sessionToken, AccountSession.Stage.PASSWORD, next, passed.user());
            }
        };
    }

    /** The TOTP step, for a user who has a second factor. */
    public Step secondFactor(String sessionToken, String csrfToken, String code, String remoteAddress, String requestId) {
        AccountSession session = checked(sessionToken, csrfToken);
        if (session.stage() != AccountSession.Stage.SECOND_FACTOR) {
            return new Step.Moved(session.stage(), null);
        }
        User user = user(session);
        return switch (check.secondFactor(user, code, remoteAddress, requestId)) {
            case SignInCheck.Result.Refused refused -> new Step.Retry(AccountSession.Stage.SECOND_FACTOR, refused.message());
            case SignInCheck.Result.Passed passed ->
                    move(sessionToken, AccountSession.Stage.SECOND_FACTOR, AccountSession.Stage.SIGNED_IN, user);
        };
    }

    /** The signed-in user of a session whose form carried the right CSRF token. */
    public User signedIn(String sessionToken, String csrfToken) {
        return signedInUser(checked(sessionToken, csrfToken));
    }

    /** The signed-in user of {@code session}, still enabled. */
    public User signedInUser(AccountSession session) {
        if (session.stage() != AccountSession.Stage.SIGNED_IN) {
            throw sessionLost();
        }
        return user(session);
    }

    /** Ends the session (sign out). */
    public void signOut(String sessionToken, String csrfToken) {
        checked(sessionToken, csrfToken);
        sessions.end(SecretTokens.hash(sessionToken));
    }

    private Step move(String sessionToken, AccountSession.Stage from, AccountSession.Stage to, User user) {
        // A new cookie value and CSRF token once the user is known, so that nothing seen before is worth anything after.
        String newToken = SecretTokens.newToken();
        if (!sessions.advance(SecretTokens.hash(sessionToken), from, to, user.username(), SecretTokens.hash(newToken),
                SecretTokens.newToken())) {
            throw sessionLost();
        }
        return new Step.Moved(to, newToken);
    }

    private AccountSession checked(String sessionToken, String csrfToken) {
        AccountSession session = required(sessionToken);
        InteractionError.requireSameForm(session.csrfToken(), csrfToken);
        return session;
    }

    /** Who gave the right password in {@code session}, still enabled. */
    public User user(AccountSession session) {
        return users.find(session.username()).filter(user -> !user.disabled()).orElseThrow(AccountSignIn::sessionLost);
    }

    private static InteractionError sessionLost() {
        return new InteractionError(400, "Session expired", "Your session has ended or was never started. "
                + "Open Your connected apps again and sign in.");
    }
}
