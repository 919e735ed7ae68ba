package io.bulwark.oauth.authorize;

/**
 * Port: users who must pass their second factor at every consent for a while, not only before a payment (an anomaly
 * response's step-up). Asked once per sign-in, after the password.
 */
@FunctionalInterface
public interface SecondFactorDemands {

    /** No user is asked for more than the flow asks anyway. */
    SecondFactorDemands NONE = subject -> false;

    /** True when the user with this {@code sub} must give a second factor before any consent. */
    boolean demanded(String subject);
}
