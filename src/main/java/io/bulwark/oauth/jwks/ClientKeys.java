package io.bulwark.oauth.jwks;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.bulwark.clients.RegisteredClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A client's public keys that may have signed a JWS: from the JWK Set registered inline, or fetched
 * from the client's {@code jwks_uri} (RFC 7591 §2) through one cached source per client and URL.
 */
public final class ClientKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);

    private final Function<URI, JWKSource<SecurityContext>> remoteSources;
    private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();

    /** @param remoteSources makes the cached, rate-limited source of one {@code jwks_uri} (see {@link RemoteJwks}) */
    public ClientKeys(Function<URI, JWKSource<SecurityContext>> remoteSources) {
        this.remoteSources = remoteSources;
    }

    /** Keys from inline JWK Sets only: a client registered with a {@code jwks_uri} has none. */
    public static ClientKeys inlineOnly() {
        return new ClientKeys(uri -> (selector, context) -> List.of());
    }

    /**
     * The keys of {@code client} that {@code matcher} selects (for a JWS: same type, same kid if named);
     * empty when there are none or they cannot be fetched, which the caller treats as a failed
     * authentication (fail closed).
     */
    public List<JWK> candidates(RegisteredClient client, JWKMatcher matcher) {
        JWKSelector selector = new JWKSelector(matcher);
        if (client.jwksUri() == null) {
            try {
                return selector.select(JWKSet.parse(client.jwksJson()));
            } catch (ParseException e) {
                return List.of();
            }
        }
        // Keyed by client and URL, so that a client re-registered with another jwks_uri starts a new cache.
        JWKSource<SecurityContext> source = sources.computeIfAbsent(client.clientId() + " " + client.jwksUri(),
                key -> remoteSources.apply(client.jwksUri()));
        try {
            return source.get(selector, null);
        } catch (KeySourceException e) {
            // The message names the URL and what failed (status, size, TLS, rate limit); never a key or token.
            LOG.warn("client {}: its jwks_uri could not be read: {}", client.clientId(), e.getMessage());
            return List.of();
        }
    }
}
