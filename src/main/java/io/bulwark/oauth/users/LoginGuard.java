package io.bulwark.oauth.users;

/**
 * The seam where lockout and credential-stuffing protection plug in: {@link LoginAttempts} asks it
 * before checking any factor and tells it every outcome. {@link #OPEN} admits everything.
 */
public interface LoginGuard {

    /** Admits every attempt and forgets every outcome: the guard in place until a lockout policy is configured. */
    LoginGuard OPEN = new LoginGuard() {
        @Override
        public boolean admits(LoginAttempt attempt) {
            return true;
        }

        @Override
        public void failed(LoginAttempt attempt) {
        }

        @Override
        public void succeeded(LoginAttempt attempt) {
        }
    };

    /** Whether {@code attempt} may be checked now; false refuses it without looking at the secret. */
    boolean admits(LoginAttempt attempt);

    /** The attempt was checked and the factor was wrong (or the user unknown or disabled). */
    void failed(LoginAttempt attempt);

    /** The attempt was checked and the factor was right. */
    void succeeded(LoginAttempt attempt);
}
