package io.bulwark.oauth.jwks;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;

import java.net.URL;
import java.time.Duration;

/**
 * A JWK Set published at a URL, as the gateway reads the authorization server's and the
 * authorization server reads a client's {@code jwks_uri}: cached, fetched again when a JWS names
 * a key the cache lacks, but no more often than the refetch interval.
 */
public final class RemoteJwks {

    private RemoteJwks() {
    }

    /**
     * @param refetchInterval the least time between two fetches, so that JWSs naming random key ids cannot
     *                        make this server hammer the one publishing the keys
     */
    public static JWKSource<SecurityContext> source(URL jwksUrl, ResourceRetriever retriever, Duration cacheLifetime,
                                                    Duration refetchInterval) {
        return JWKSourceBuilder.<SecurityContext>create(jwksUrl, retriever)
                .cache(cacheLifetime.toMillis(), Duration.ofSeconds(5).toMillis())
                .rateLimited(refetchInterval.toMillis())
                .refreshAheadCache(false)
                .retrying(true)
                .build();
    }
}
