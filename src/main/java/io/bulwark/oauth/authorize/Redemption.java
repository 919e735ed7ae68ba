package io.bulwark.oauth.authorize;

/** What presenting an authorization code to the store came to. */
public sealed interface Redemption {

    /** First use: the code is now spent, and this is what it stands for. */
    record First(IssuedCode code) implements Redemption {
    }

    /** The code was spent before: RFC 6749 §4.1.2 says deny, and revoke what it issued. */
    record Reused(IssuedCode code) implements Redemption {
    }

    /** No such code (never issued, or long expired and purged). */
    record Unknown() implements Redemption {
    }
}
