package io.bulwark.oauth.refresh;

import io.bulwark.oauth.core.SecretTokens;

import java.time.InstantSource;
import java.util.Optional;

/** Finds the live refresh token behind a presented value, for revocation and introspection: known, unexpired, unspent. */
public final class RefreshTokenReader {

    private final RefreshTokenStore store;
    private final InstantSource clock;

    public RefreshTokenReader(RefreshTokenStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The token if {@code value} is a live refresh token of this server; empty otherwise. */
    public Optional<RefreshToken> read(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return store.find(SecretTokens.hash(value)).filter(t -> !t.spent() && !t.expiredAt(clock.instant()));
    }
}
