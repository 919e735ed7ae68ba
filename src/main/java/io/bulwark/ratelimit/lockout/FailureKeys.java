package io.bulwark.ratelimit.lockout;

import io.bulwark.digest.Sha256;
import java.util.Arrays;
import java.util.Base64;

/**
 * Store keys of the guard's counters: hashes, so that stores hold neither user names nor addresses, and every node
 * and the {@code unlock} commands compute the same key for the same identity.
 */
public final class FailureKeys {

    private FailureKeys() {
    }

    /** The counter of one identity. */
    public static String identity(Attempt.Kind kind, String identity) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + hash(identity);
    }

    /**
     * The counter of one identity claimed from one address: a client's, whose failures are counted where they come
     * from, so that nobody elsewhere can lock the client out.
     */
    public static String identityFrom(Attempt.Kind kind, String identity, String sourceIp) {
        return identity(kind, identity) + "@" + hash(sourceIp);
    }

    /** The day-long counter of one user's wrong second-factor codes, apart from the 30-minute one. */
    public static String secondFactorDay(String userName) {
        return "second_factor_day:" + hash(userName);
    }

    /** The counter of one source address. */
    public static String sourceIp(String sourceIp) {
        return "ip:" + hash(sourceIp);
    }

    /** The set of identities failing from one address. */
    static String identitiesFrom(String sourceIp) {
        return "ip-identities:" + hash(sourceIp);
    }

    /** The set of addresses failing for one identity. */
    static String addressesFor(Attempt.Kind kind, String identity) {
        return "identity-ips:" + identity(kind, identity);
    }

    static String hash(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(Sha256.of(value), 18));
    }
}
