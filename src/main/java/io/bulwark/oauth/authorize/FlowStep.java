package io.bulwark.oauth.authorize;

import java.net.URI;

/** What the browser should see next after a step of the sign-in. */
public sealed interface FlowStep {

    /**
     * Go (303) to the page of {@code stage}.
     *
     * @param newSessionToken a replacement session token to set as the cookie, or null to keep the current one
     */
    record GoTo(Interaction.Stage stage, String newSessionToken) implements FlowStep {
    }

    /** Show the page of {@code stage} again, with {@code message} saying what went wrong. */
    record Retry(Interaction.Stage stage, String message) implements FlowStep {
    }

    /** Go (303) back to the client's verified redirect URI with the authorization response; the sign-in is over. */
    record ToClient(URI location) implements FlowStep {
    }
}
