package io.bulwark.oauth;

import io.bulwark.digest.ConstantTime;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;

import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.mtls.CertificateThumbprint;
import io.bulwark.store.RevokedTokens;

import java.net.URI;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * The grant management API (OpenID FAPI Grant Management, draft 01 §6): a client queries or revokes a
 * grant it holds, with a sender-constrained access token of this server carrying
 * {@code grant_management_query} or {@code grant_management_revoke}. Another client's grant, an
 * unknown one and a revoked one all look the same: absent.
 */
public final class GrantManagementEndpoint {

    /** Grant Management §6.2: the scope that lets a client read its grants. */
    public static final String QUERY_SCOPE = "grant_management_query";
    /** Grant Management §6.2: the scope that lets a client revoke its grants. */
    public static final String REVOKE_SCOPE = "grant_management_revoke";

    private final String issuer;
    private final OwnTokenReader tokens;
    private final RevokedTokens revoked;
    private final ClientRepository clients;
    private final DpopProofVerifier dpop;
    private final GrantStore grants;
    private final InstantSource clock;

    /** @param issuer this server's issuer URL; with {@code /grants/{id}}, the {@code htu} a DPoP proof must carry */
    public GrantManagementEndpoint(String issuer, OwnTokenReader tokens, RevokedTokens revoked, ClientRepository clients,
                                   DpopProofVerifier dpop, GrantStore grants, InstantSource clock) {
        this.issuer = issuer;
        this.tokens = tokens;
        this.revoked = revoked;
        this.clients = clients;
        this.dpop = dpop;
        this.grants = grants;
        this.clock = clock;
    }

    /**
     * Grant Management §6.4: the caller's standing grant, or empty (answered 404).
     *
     * @throws OAuthError 401 or 403 when the caller's access token does not allow the query
     */
    public Optional<Grant> query(GrantManagementRequest request) {
        String clientId = authorize(request, QUERY_SCOPE);
        return ownStandingGrant(clientId, request.grantId());
    }

    /**
     * Grant Management §6.5: revokes the caller's standing grant, and with it every token issued from it.
     *
     * @return false when there is no such grant of the caller (answered 404)
     * @throws OAuthError 401 or 403 when the caller's access token does not allow the revocation
     */
    public boolean revoke(GrantManagementRequest request) {
        String clientId = authorize(request, REVOKE_SCOPE);
        return ownStandingGrant(clientId, request.grantId()).isPresent() && grants.revoke(request.grantId(), clock.instant());
    }

    // Grant Management §6: a client sees only its own grants; the others are not found, so their existence is not revealed.
    private Optional<Grant> ownStandingGrant(String clientId, String grantId) {
        return grants.find(grantId).filter(g -> g.clientId().equals(clientId)).filter(g -> !g.revoked());
    }

    /** Checks the access token as a resource server would (RFC 6750, RFC 9449 §7, RFC 8705 §3); returns the caller's client_id. */
    private String authorize(GrantManagementRequest request, String scope) {
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
        proveSenderConstraint(request, claims, scheme, token);
        // RFC 6750 §3.1: a valid token without the needed scope is insufficient_scope (403).
        if (!Scopes.parse(stringClaim(claims, "scope")).contains(scope)) {
            throw OAuthError.insufficientScope(scheme, scope);
        }
        return clientId;
    }

    // FAPI 2.0 SP §5.3.4: only sender-constrained tokens are accepted, proven for this very request.
    private void proveSenderConstraint(GrantManagementRequest request, JWTClaimsSet claims, String scheme, String token) {
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
                dpop.verifyResourceRequest(request.dpopProofs(), request.method(), URI.create(issuer + "/grants/" + request.grantId()),
                        token, jkt);
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
