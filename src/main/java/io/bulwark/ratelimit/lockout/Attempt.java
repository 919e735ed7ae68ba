package io.bulwark.ratelimit.lockout;

import java.util.Objects;

/**
 * One authentication attempt, as the guard sees it: who it claims to be and where it comes from. The identity is the
 * one claimed, whether or not it exists, so that an unknown identity is counted, delayed and locked like a real one.
 *
 * @param kind     {@code CLIENT}, {@code USER} (a password) or {@code SECOND_FACTOR} (a user's TOTP code)
 * @param identity the claimed client_id or user name (empty when the request names none)
 * @param sourceIp the address the attempt came from
 */
public record Attempt(Kind kind, String identity, String sourceIp) {

    /** What kind of credential is checked; each kind has its own counters. */
    public enum Kind { CLIENT, USER, SECOND_FACTOR }

    public Attempt {
        Objects.requireNonNull(kind, "kind");
        identity = identity == null ? "" : identity;
        sourceIp = sourceIp == null ? "" : sourceIp;
    }

    public static Attempt client(String clientId, String sourceIp) {
        return new Attempt(Kind.CLIENT, clientId, sourceIp);
    }

    public static Attempt user(String userName, String sourceIp) {
        return new Attempt(Kind.USER, userName, sourceIp);
    }

    /** A TOTP code of {@code userName}, who has given the right password. */
    public static Attempt secondFactor(String userName, String sourceIp) {
        return new Attempt(Kind.SECOND_FACTOR, userName, sourceIp);
    }
}
