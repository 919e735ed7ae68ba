package io.bulwark.gateway.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.Upstream;
import io.bulwark.gateway.VerifiedAccessToken;
import io.bulwark.gateway.contract.StrictJson;
import io.bulwark.gateway.openapi.MatchedOperation;
import io.bulwark.gateway.openapi.OwnerLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before a user token's request reaches an object whose answer names no owner, asks the upstream the
 * declared lookup operation ({@code x-bulwark-owner-lookup}) whose object it is; another owner's object is
 * not found, and the request never leaves the gateway. Answers are cached briefly per object and user.
 */
public final class OwnerLookupStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerLookupStep.class);

    private record Key(String api, String operationId, String object, String subject) {
    }

    private record Owned(boolean owned, Instant until) {
    }

    /** What a lookup told: whether the object is the user's, or the refusal when it could not tell. */
    private record Answer(boolean owned, GatewayResponse refusal) {
    }

    private final Map<String, Upstream> upstreams;
    private final InstantSource clock;
    private final Duration ttl;
    private final Map<Key, Owned> cache;

    /**
     * @param upstreams  the upstream of each API, by API name (the same the proxy step uses)
     * @param ttl        how long an answer, owned or not, is reused
     * @param maxEntries how many answers are kept at most; the least recently used go first
     */
    public OwnerLookupStep(Map<String, Upstream> upstreams, InstantSource clock, Duration ttl, int maxEntries) {
        this.upstreams = Map.copyOf(upstreams);
        this.clock = clock;
        this.ttl = ttl;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Owned> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        MatchedOperation matched = exchange.operation();
        OwnerLookup lookup = matched.operation().ownerLookup();
        VerifiedAccessToken token = exchange.accessToken();
        // Machine tokens act for no user: the API decides what a back-office client may reach.
        if (lookup == null || !token.actsForUser()) {
            return chain.proceed(exchange);
        }
        Key key = new Key(matched.apiName(), lookup.operationId(), matched.pathParameters().get(lookup.parameter()), token.subject());
        Instant now = clock.instant();
        Boolean owned = cached(key, now);
        if (owned == null) {
            Answer answer = ask(exchange, lookup, key);
            if (answer.refusal() != null) {
                return answer.refusal();
            }
            owned = answer.owned();
            synchronized (cache) {
                cache.put(key, new Owned(owned, clock.instant().plus(ttl)));
            }
        }
        // OWASP API1:2023 (BOLA): the object must belong to the user the token acts for, checked before the API acts.
        if (!owned) {
            LOG.warn("refused {} (client {}) another owner's object on request {}", token.subject(), token.clientId(), exchange.requestId());
            return GatewayResponse.refuse(ResponseOwnershipStep.NOT_FOUND, "object_not_owned");
        }
        return chain.proceed(exchange);
    }

    /** Asks the lookup operation whether the object is the user's. */
    private Answer ask(Exchange exchange, OwnerLookup lookup, Key key) {
        Map<String, List<String>> headers = new LinkedHashMap<>(ProxyStep.identityHeaders(exchange));
        headers.put("Accept", List.of("application/json"));
        GatewayResponse answer;
        try {
            answer = upstreams.get(key.api()).send(new Upstream.Request("GET", lookup.path(exchange.operation().pathParameters()),
                    headers, new byte[0]));
        } catch (Upstream.UpstreamException e) {
            return new Answer(false, ProxyStep.failed(key.api(), exchange, e, clock));
        }
        if (answer.status() == 404) {
            return new Answer(false, null);   // not there, or not there for this user: either way not theirs
        }
        if (answer.status() / 100 == 2) {
            JsonNode owner;
            try {
                owner = StrictJson.parse(answer.body()).at(lookup.owner());
            } catch (IOException e) {
                return unverifiable(exchange, lookup, "its answer is not JSON");
            }
            if (!owner.isTextual()) {
                return unverifiable(exchange, lookup, "its answer names no owner at " + lookup.owner());
            }
            return new Answer(owner.asText().equals(key.subject()), null);
        }
        return unverifiable(exchange, lookup, "it answered " + answer.status());
    }

    private Boolean cached(Key key, Instant now) {
        synchronized (cache) {
            Owned entry = cache.get(key);
            if (entry == null || !entry.until().isAfter(now)) {
                return null;
            }
            return entry.owned();
        }
    }

    /** Fail closed: an object whose owner cannot be read is not reached. */
    private static Answer unverifiable(Exchange exchange, OwnerLookup lookup, String why) {
        LOG.warn("refused request {}: the owner lookup {} failed ({})", exchange.requestId(), lookup.operationId(), why);
        return new Answer(false, GatewayResponse.refuse(ResponseContractStep.INVALID_UPSTREAM_RESPONSE, "owner_unverifiable"));
    }

    @Override
    public Phase phase() {
        return Phase.COMMIT;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN, Fact.IDENTITY_ASSERTION);
    }
}
