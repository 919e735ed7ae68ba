package io.bulwark.oauth;

import io.bulwark.clients.ClientRepository;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.store.RevokedTokens;

import java.net.URI;
import java.time.InstantSource;
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
    private final OwnTokenAccess access;
    private final GrantStore grants;
    private final InstantSource clock;

    /** @param issuer this server's issuer URL; with {@code /grants/{id}}, the {@code htu} a DPoP proof must carry */
    public GrantManagementEndpoint(String issuer, OwnTokenReader tokens, RevokedTokens revoked, ClientRepository clients,
                                   DpopProofVerifier dpop, GrantStore grants, InstantSource clock) {
        this.issuer = issuer;
        this.access = new OwnTokenAccess(tokens, revoked, clients, dpop);
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

    /** The caller's client_id, once its access token is checked for {@code /grants/{id}} ({@link OwnTokenAccess}). */
    private String authorize(GrantManagementRequest request, String scope) {
        return access.authorize(new ResourceRequest(request.method(), request.authorization(), request.dpopProofs(),
                request.clientCertificates()), URI.create(issuer + "/grants/" + request.grantId()), scope);
    }
}
