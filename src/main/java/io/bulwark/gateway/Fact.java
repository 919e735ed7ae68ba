package io.bulwark.gateway;

/**
 * A fact that a pipeline step establishes on the {@link Exchange} for the steps after it. Each is set
 * once; a step that reads one declares it in {@link Step#needs()}, so the pipeline can check at
 * construction that an earlier step provides it.
 */
public enum Fact {
    OPERATION("RouteStep"),
    ACCESS_TOKEN("AccessTokenStep"),
    PRESENTED_TOKEN("AccessTokenStep"),
    FITTING_PAYMENTS("PaymentConsentStep"),
    IDENTITY_ASSERTION("IdentityAssertionStep");

    private final String usualProvider;

    Fact(String usualProvider) {
        this.usualProvider = usualProvider;
    }

    /** The step that provides this fact in Bulwark's own pipeline, named in errors. */
    public String usualProvider() {
        return usualProvider;
    }
}
