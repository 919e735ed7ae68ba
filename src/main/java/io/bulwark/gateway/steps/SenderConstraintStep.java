package io.bulwark.gateway.steps;

import io.bulwark.digest.ConstantTime;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.Fact;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.PresentedToken;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.mtls.CertificateThumbprint;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Proves that the caller holds what its access token is bound to: for {@code cnf.jkt}, a DPoP proof
 * for this very request signed with that key (RFC 9449 §7); for {@code cnf.x5t#S256}, that same
 * certificate on the TLS connection (RFC 8705 §3). A token bound to nothing is refused unless its API
 * accepts bearer tokens (FAPI 2.0 SP §5.3.4 has resource servers accept sender-constrained tokens only).
 */
public final class SenderConstraintStep implements Step {

    private final DpopProofVerifier dpop;
    private final String publicOrigin;
    private final Set<String> apisAcceptingBearerTokens;

    /**
     * @param publicUrl the gateway's origin as clients call it ({@code https://host[:port]}): with the
     *                  request's path, the {@code htu} a proof must carry
     * @param apisAcceptingBearerTokens names of the APIs that let tokens without {@code cnf} through
     */
    public SenderConstraintStep(DpopProofVerifier dpop, URI publicUrl, Set<String> apisAcceptingBearerTokens) {
        this.dpop = dpop;
        String origin = publicUrl.toString();
        this.publicOrigin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        this.apisAcceptingBearerTokens = Set.copyOf(apisAcceptingBearerTokens);
    }

    @Override
    public GatewayResponse apply(Exchange exchange, Chain chain) {
        GatewayRequest request = exchange.request();
        TokenConfirmation cnf = exchange.accessToken().confirmation();
        // AccessTokenStep admitted exactly one Authorization header of one of these two schemes, and parsed it.
        PresentedToken authorization = exchange.presentedToken();
        if (!cnf.bound()) {
            if (authorization.dpop()) {
                return GatewayResponse.refuse(DpopChallenge.invalidToken("bearer-scheme-required",
                        "this access token is not DPoP-bound: send it as `Authorization: Bearer <token>`"), "unbound_token_as_dpop");
            }
            if (apisAcceptingBearerTokens.contains(exchange.operation().apiName())) {
                return chain.proceed(exchange);
            }
            // FAPI 2.0 SP §5.3.4: only sender-constrained access tokens are accepted.
            return GatewayResponse.refuse(BearerChallenge.invalidToken("sender-constrained-token-required",
                    "this API accepts only sender-constrained access tokens: ask the authorization server for a DPoP-bound"
                            + " (RFC 9449) or certificate-bound (RFC 8705) token"), "bearer_token_not_accepted");
        }
        if (cnf.jkt() != null) {
            // RFC 9449 §7.1: a DPoP-bound token is presented under the DPoP scheme; as Bearer it is refused (§7.2).
            if (!authorization.dpop()) {
                return GatewayResponse.refuse(DpopChallenge.invalidToken("dpop-scheme-required",
                        "this access token is DPoP-bound: send it as `Authorization: DPoP <token>` with a DPoP proof"), "dpop_token_as_bearer");
            }
            GatewayResponse refusal = checkProof(request, authorization.token(), cnf.jkt());
            if (refusal != null) {
                return refusal;
            }
        } else if (authorization.dpop()) {
            return GatewayResponse.refuse(DpopChallenge.invalidToken("bearer-scheme-required",
                    "this access token is bound to a TLS client certificate, not a DPoP key: send it as `Authorization: Bearer <token>`"),
                    "certificate_token_as_dpop");
        }
        // RFC 8705 §3: the certificate of this TLS connection must be the one the token is bound to.
        if (cnf.x5tS256() != null && !sameCertificate(request.clientCertificate(), cnf.x5tS256())) {
            return GatewayResponse.refuse(BearerChallenge.invalidToken("client-certificate-mismatch",
                    "this access token is bound to a TLS client certificate: connect with that certificate"), "certificate_mismatch");
        }
        GatewayResponse response = chain.proceed(exchange);
        // RFC 9449 §9: while nonces are required, responses carry the one to use next.
        return cnf.jkt() != null && dpop.nonceRequired() ? response.withHeader("DPoP-Nonce", dpop.currentNonce()) : response;
    }

    /** The refusal for a proof that fails RFC 9449 §4.3 for this request, or null when it passes. */
    private GatewayResponse checkProof(GatewayRequest request, String accessToken, String jkt) {
        URI url;
        try {
            url = URI.create(publicOrigin + request.path());
        } catch (IllegalArgumentException e) {
            return GatewayResponse.refuse(DpopChallenge.invalidProof("the request path cannot be compared with a DPoP proof's htu"),
                    "dpop_unusable_path");
        }
        try {
            dpop.verifyResourceRequest(request.headers("DPoP"), request.method(), url, accessToken, jkt);
            return null;
        } catch (DpopProofException e) {
            return DpopProofException.USE_DPOP_NONCE.equals(e.error())
                    ? GatewayResponse.refuse(DpopChallenge.useNonce(e.getMessage(), e.nonce()), "dpop_nonce_required")
                    : GatewayResponse.refuse(DpopChallenge.invalidProof(e.getMessage()), "invalid_dpop_proof");
        }
    }

    private static boolean sameCertificate(X509Certificate presented, String x5tS256) {
        return presented != null && ConstantTime.equal(x5tS256, CertificateThumbprint.sha256(presented));
    }

    @Override
    public Phase phase() {
        return Phase.SENDER_CONSTRAINT;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.OPERATION, Fact.ACCESS_TOKEN, Fact.PRESENTED_TOKEN);
    }
}
