package io.bulwark.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.digest.ConstantTime;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.mtls.CertificateThumbprint;
import io.bulwark.store.RevokedTokens;

import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/**
 * Checks a resource request's access token as a resource server would (RFC 6750, RFC 9449 §7, RFC 8705 §3), for the
 * resources this node serves itself: a live, unrevoked token of this authorization server, of an enabled client,
 * proven for this very request by its DPoP proof or its TLS client certificate, carrying the scope asked for.
 */
public final class OwnTokenAccess {

    private final OwnTokenReader tokens;
    private final RevokedTokens revoked;
    private final ClientRepository clients;
    private final DpopProofVerifier dpop;

    public OwnTokenAccess(OwnTokenReader tokens, RevokedTokens revoked, ClientRepository clients, DpopProofVerifier dpop) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.clients = clients;
        this.dpop = dpop;
    }

    /**
     * @param htu   the URL a DPoP proof for this request must name
     * @param scope the scope the token must carry
     * @return the caller's {@code client_id}
     * @throws OAuthError 401 with a challenge when the token is missing, invalid or not proven; 403 without the scope
     */
    public String authorize(ResourceRequest request, URI htu, String scope) {
        String header = request.authorization();
        String scheme = header != null && header.regionMatches(true, 0, "DPoP ", 0, 5) ? "DPoP" : "Bearer";
        if (header == null || !(header.regionMatches(true, 0, "DPoP ", 0, 5) || header.regionMatches(true, 0, "Bearer ", 0, 7))) {
            throw OAuthError.invalidToken("DPoP", "send an access token in the Authorization header (RFC 6750 §2.1, RFC 9449 §7.1)");
        }
        String token = header.substring(scheme.length() + 1).strip();
        JWTClaimsSet claims = tokens.read(token).filter(c -> !revoked.isRevoked(c.getJWTID()))
                .orElseThrow(() -> OAuthError.invalidToken(scheme, "the access token is invalid, expired or revoked"));
        String clientId = RevocationEndpoint.clientIdOf(claims);
        if (clientId == null || clients.find(clientId).map(RegisteredClient::disabled).orElse(true)) {
            throw OAuthError.invalidToken(scheme, "the access token is invalid, expired or revoked");
        }
        proveSenderConstraint(request, htu, claims, scheme, token);
        // RFC 6750 §3.1: a valid token without the needed scope is insufficient_scope (403).
        if (!Scopes.parse(stringClaim(claims, "scope")).contains(scope)) {
            throw OAuthError.insufficientScope(scheme, scope);
        }
        return clientId;
    }

    // FAPI 2.0 SP §5.3.4: only sender-constrained tokens are accepted, proven for this very request.
    private void proveSenderConstraint(ResourceRequest request, URI htu, JWTClaimsSet claims, String scheme, String token) {
        Map<String, Object> cnf;
        try {
            cnf = claims.getJSONObjectClaim("cnf");
        } catch (ParseException e) {
            cnf = null;
        }
        if (cnf != null && cnf.get("jkt") instanceof String jkt) {
            // RFC 9449 §7.1: a DPoP-bound token goes under the DPoP scheme with a proof for this method, URL and token.
            if (!"DPoP".equals(scheme)) {
                throw OAuthError.invalidToken("DPoP", "this access token is DPoP-bound: send it as `Authorization: DPoP <token>`");
            }
            try {
                dpop.verifyResourceRequest(request.dpopProofs(), request.method(), htu, token, jkt);
            } catch (DpopProofException e) {
                // RFC 9449 §9: a missing nonce is use_dpop_nonce with the nonce to use, so that the client can retry.
                throw OAuthError.resourceDpopProof(e);
            } catch (IllegalArgumentException e) {
                throw OAuthError.resourceInvalidDpopProof("the request URL cannot be compared with a DPoP proof's htu");
            }
            return;
        }
        if (cnf != null && cnf.get("x5t#S256") instanceof String x5t && "Bearer".equals(scheme)) {
            // RFC 8705 §3: the certificate of this connection must be the one the token is bound to.
            if (request.clientCertificates().isEmpty()
                    || !ConstantTime.equal(x5t, CertificateThumbprint.sha256(request.clientCertificates().getFirst()))) {
                throw OAuthError.invalidToken("Bearer", "this access token is bound to a TLS client certificate: connect with it");
            }
            return;
        }
        throw OAuthError.invalidToken(scheme, "only sender-constrained access tokens (DPoP or mTLS) are accepted here");
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }
}
