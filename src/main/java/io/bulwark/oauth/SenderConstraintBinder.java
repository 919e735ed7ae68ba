package io.bulwark.oauth;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.dpop.VerifiedDpopProof;
import io.bulwark.oauth.mtls.CertificateThumbprint;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides what an access token is bound to: the key of the request's DPoP proof, or the client's TLS
 * certificate, as the client's registration allows. FAPI 2.0 SP §5.3.2.1: only sender-constrained
 * tokens are issued, so a request that offers neither is refused.
 */
public final class SenderConstraintBinder {

    /**
     * @param proof        the request's verified DPoP proof, or null when it sent none
     * @param certificates the certificate chain the client presented, leaf first; empty when none
     * @throws OAuthError when the request cannot be bound as the client's registration requires
     */
    public TokenBinding bind(RegisteredClient client, VerifiedDpopProof proof, List<X509Certificate> certificates) {
        SenderConstraint constraint = client.senderConstraint();
        if (proof != null) {
            if (!constraint.allowsDpop()) {
                throw OAuthError.invalidRequest("this client's tokens are bound to its TLS certificate (mTLS, RFC 8705):"
                        + " send the request without a DPoP header");
            }
            // RFC 9449 §6.1: the token is bound to the proof's key through its JWK thumbprint.
            return new TokenBinding.Dpop(proof.jkt());
        }
        if (constraint == SenderConstraint.DPOP) {
            // RFC 9449 §5.2 (dpop_bound_access_tokens): a client that always uses DPoP is refused without a proof.
            throw OAuthError.invalidDpopProof("this client's tokens are DPoP-bound: send a DPoP proof in the DPoP header (RFC 9449 §4)");
        }
        if (certificates.isEmpty()) {
            throw OAuthError.invalidRequest(constraint == SenderConstraint.MTLS
                    ? "this client's tokens are bound to its TLS certificate: connect with the client certificate (RFC 8705 §3)"
                    : "tokens must be sender-constrained (FAPI 2.0): send a DPoP proof (RFC 9449) or connect with a TLS client certificate (RFC 8705)");
        }
        // RFC 8705 §3.1: the token carries the SHA-256 thumbprint of the certificate the client presented.
        return new TokenBinding.ClientCertificate(CertificateThumbprint.sha256(certificates.getFirst()));
    }
}
