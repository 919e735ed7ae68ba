package io.bulwark.oauth.authorize;

import io.bulwark.digest.ConstantTime;

/**
 * A sign-in that cannot go on and cannot be answered to the client, because no verified redirect
 * URI is known (RFC 6749 §4.1.2.1: inform the user, do not redirect). Shown as an error page.
 */
public final class InteractionError extends RuntimeException {

    private final int status;
    private final String title;

    public InteractionError(int status, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
    }

    /**
     * Refuses a form whose CSRF token is not the session's. The session cookie is SameSite=Strict; the CSRF
     * token is the second, independent defence, for the sign-in pages and the account pages alike.
     */
    public static void requireSameForm(String sessionCsrfToken, String submittedCsrfToken) {
        if (!ConstantTime.equal(sessionCsrfToken, submittedCsrfToken)) {
            throw new InteractionError(403, "Form expired", "This form is out of date or did not come from this "
                    + "page. Reload the page and try again.");
        }
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What the page tells the user, in words they can act on. */
    public String message() {
        return getMessage();
    }
}
