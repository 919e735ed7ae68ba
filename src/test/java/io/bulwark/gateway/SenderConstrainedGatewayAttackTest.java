package io.bulwark.gateway;

import com.nimbusds.jose.jwk.ECKey;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every attack of {@link GatewayAttackTest}, under the default configuration: both APIs take sender-constrained
 * tokens only (FAPI 2.0 SP §5.3.4), so each token is DPoP-bound and each request carries a fresh proof. Then the
 * attacks on the binding itself: a bearer token, a bound token sent as bearer, a replayed proof, and proofs by
 * another key or for another request. None of them reaches the upstream.
 */
class SenderConstrainedGatewayAttackTest extends GatewayAttackTest {

    private static final String CARDS = "/api/cards";

    @BeforeAll
    static void start() throws Exception {
        startNode(false);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET /api/cards with {@code token} under {@code scheme} and, unless null, {@code proof} as the DPoP header. */
    private static HttpRequest cardsRequest(String scheme, String token, String proof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + CARDS)).GET().header("Authorization", scheme + " " + token);
        return (proof == null ? request : request.header("DPoP", proof)).build();
    }

    @Test
    void aBearerTokenIsRefusedBeforeTheUpstream() throws Exception {
        String unbound = signed(claims("ann", "cards:read").claim("cnf", null).build());
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(send(cardsRequest("Bearer", unbound, null)), 401, "sender-constrained-token-required",
                "bearer_token_not_accepted");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void aBoundTokenSentAsABearerTokenIsRefusedBeforeTheUpstream() throws Exception {
        // RFC 9449 §7.2: a DPoP-bound token presented under the Bearer scheme is refused, proof or not.
        String token = token("cards:read");
        int before = reachedUpstream.size();
        assertRefusedBeforeUpstream(send(cardsRequest("Bearer", token, null)), 401, "dpop-scheme-required", "dpop_token_as_bearer");
        assertRefusedBeforeUpstream(send(cardsRequest("Bearer", token, DpopProofs.proof(dpopKey, "GET", gateway + CARDS, token))), 401,
                "dpop-scheme-required", "dpop_token_as_bearer");
        assertThat(reachedUpstream).hasSize(before);
    }

    @Test
    void aReplayedProofIsRefusedBeforeTheUpstream() throws Exception {
        String token = token("cards:read");
        HttpRequest request = cardsRequest("DPoP", token, DpopProofs.proof(dpopKey, "GET", gateway + CARDS, token));
        int before = reachedUpstream.size();
        HttpResponse<String> first = send(request);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(reachedUpstream).hasSize(before + 1);

        // RFC 9449 §11.1: the same proof (same jti) a second time is a replay.
        assertRefusedBeforeUpstream(send(request), 401, "invalid-dpop-proof", "invalid_dpop_proof");
        assertThat(reachedUpstream).hasSize(before + 1);
    }

    @Test
    void aProofByAnotherKeyOrForAnotherRequestIsRefusedBeforeTheUpstream() throws Exception {
        String token = token("cards:read");
        String url = gateway + CARDS;
        ECKey thief = JwtFactory.ecKey("thief");
        int before = reachedUpstream.size();
        // RFC 9449 §7.1: the proof's key must be the one the token is bound to (cnf.jkt).
        assertRefusedBeforeUpstream(send(cardsRequest("DPoP", token, DpopProofs.proof(thief, "GET", url, token))), 401,
                "invalid-dpop-proof", "invalid_dpop_proof");
        // RFC 9449 §4.3: htm and htu name this request; ath is the hash of this very token.
        assertRefusedBeforeUpstream(send(cardsRequest("DPoP", token, DpopProofs.proof(dpopKey, "POST", url, token))), 401,
                "invalid-dpop-proof", "invalid_dpop_proof");
        assertRefusedBeforeUpstream(send(cardsRequest("DPoP", token, DpopProofs.proof(dpopKey, "GET", gateway + "/api/cards/0a1b2c3d",
                token))), 401, "invalid-dpop-proof", "invalid_dpop_proof");
        assertRefusedBeforeUpstream(send(cardsRequest("DPoP", token, DpopProofs.proof(dpopKey, "GET", url, token("cards:read")))), 401,
                "invalid-dpop-proof", "invalid_dpop_proof");
        assertRefusedBeforeUpstream(send(cardsRequest("DPoP", token, null)), 401, "invalid-dpop-proof", "invalid_dpop_proof");
        assertThat(reachedUpstream).hasSize(before);
    }
}
