package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.rar.Action;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.testing.ClientAssertions;
import io.bulwark.testing.DpopProofs;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes {@link FlowTicket}s for the demo's FAPI client, {@code demo-partner}, asking what {@code examples/sign-in.sh}
 * asks: private_key_jwt, PKCE S256, a DPoP proof at PAR binding the code to the client's DPoP key (RFC 9449 §10),
 * and RFC 9396 details. Every signature is made here, before a round's clock starts.
 */
final class FlowTickets {

    static final String CLIENT = "demo-partner";
    static final URI CALLBACK = URI.create(DemoEnvironment.CALLBACK);

    // Long enough for a ticket made before a round to be used at its end.
    private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(300);
    private static final Scope ACCOUNT_SCOPE = new Scope("accounts:read", "balances:read");
    private static final AuthorizationDetail ACCOUNT_ACCESS = new AuthorizationDetail.Builder(new AuthorizationType("account_information"))
            .actions(List.of(new Action("list_accounts"), new Action("read_balances"))).build();
    private static final Scope PAYMENT_SCOPE = new Scope("payments:write");
    private static final AuthorizationDetail PAYMENT = new AuthorizationDetail.Builder(new AuthorizationType("payment_initiation"))
            .field("instructedAmount", Map.of("amount", "12.50", "currency", "EUR"))
            .field("creditorAccount", Map.of("iban", "DE02100100109307118603"))
            .field("creditorName", "Merchant A")
            .build();

    private final String issuer;
    private final ECKey key;
    private final ECKey dpopKey;
    private final List<DemoLogin> users;
    private final String accountsUrl;
    private final AtomicInteger turn = new AtomicInteger();

    /** @param gatewayCall whether account flows end with a call to the gateway's {@code GET /bank/v1/accounts} */
    FlowTickets(DemoProcess demo, boolean gatewayCall) throws IOException {
        this.issuer = demo.issuer();
        this.accountsUrl = gatewayCall ? demo.gatewayOrigin() + "/bank/v1/accounts" : null;
        this.key = DemoClientCredentials.privateKey(demo.clientFile(CLIENT));
        this.dpopKey = DemoClientCredentials.dpopKey(demo.clientFile(CLIENT));
        this.users = DemoLogin.all(demo.dataDir());
    }

    /** The key the client signs its DPoP proofs with (and so the key its tokens are bound to). */
    ECKey dpopKey() {
        return dpopKey;
    }

    List<DemoLogin> users() {
        return users;
    }

    /** {@code count} account-information flows (the demo asks no second factor for these), the demo users in turn. */
    List<FlowTicket> accountAccess(int count) {
        List<FlowTicket> tickets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tickets.add(ticket(users.get(Math.floorMod(turn.getAndIncrement(), users.size())), ACCOUNT_SCOPE, ACCOUNT_ACCESS, null, accountsUrl));
        }
        return tickets;
    }

    /**
     * A payment flow of {@code user}, who types {@code totpCode} at the second-factor step that payments require. It
     * calls no resource: its token is good for one {@code POST /payments}, which would move money, not read.
     */
    FlowTicket payment(DemoLogin user, String totpCode) {
        return ticket(user, PAYMENT_SCOPE, PAYMENT, totpCode, null);
    }

    private FlowTicket ticket(DemoLogin user, Scope scope, AuthorizationDetail detail, String totpCode, String resource) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Instant now = Instant.now();
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(CLIENT)).redirectionURI(CALLBACK)
                .state(state).codeChallenge(verifier, CodeChallengeMethod.S256).scope(scope).authorizationDetails(List.of(detail)).build();
        String parBody = new PushedAuthorizationRequest(URI.create(issuer + "/par"),
                ClientAssertions.privateKeyJwt(CLIENT, key, issuer, now, ASSERTION_LIFETIME), request).toHTTPRequest().getBody();
        return new FlowTicket(user, parBody, DpopProofs.proof(dpopKey, "POST", issuer + "/par"),
                ClientAssertions.privateKeyJwt(CLIENT, key, issuer, now, ASSERTION_LIFETIME),
                DpopProofs.proof(dpopKey, "POST", issuer + "/token"), verifier, state, totpCode, resource);
    }
}
