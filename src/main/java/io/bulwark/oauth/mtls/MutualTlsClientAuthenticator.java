package io.bulwark.oauth.mtls;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.core.OAuthError;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/**
 * Authenticates a client by the certificate it presented in the TLS handshake (RFC 8705 §2):
 * {@code tls_client_auth} (a chain to a trusted CA, and the registered subject DN) or
 * {@code self_signed_tls_client_auth} (a certificate registered in the client's JWK Set).
 */
public final class MutualTlsClientAuthenticator {

    private final ClientRepository clients;
    private final TrustedClientCertificateAuthorities authorities;

    /** @param authorities the CAs {@code tls_client_auth} trusts; null when none are configured, so that method always fails */
    public MutualTlsClientAuthenticator(ClientRepository clients, TrustedClientCertificateAuthorities authorities) {
        this.clients = clients;
        this.authorities = authorities;
    }

    /**
     * @param clientId the {@code client_id} parameter, which RFC 8705 §2 requires with mTLS authentication
     * @param chain    the certificates the client presented, leaf first; empty when it presented none
     * @throws OAuthError {@code invalid_client}
     */
    public RegisteredClient authenticate(String clientId, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw OAuthError.invalidClient("client authentication is required: send client_assertion (private_key_jwt, RFC 7523),"
                    + " or connect with the client's TLS certificate (tls_client_auth, RFC 8705 §2)");
        }
        RegisteredClient client = clients.find(clientId).filter(c -> !c.disabled()).orElseThrow(MutualTlsClientAuthenticator::failed);
        X509Certificate leaf = chain.getFirst();
        boolean authenticated = switch (client.authMethod()) {
            case RegisteredClient.TLS_CLIENT_AUTH -> authorities != null && authorities.trusts(chain)
                    && subjectMatches(leaf, client.tlsClientAuthSubjectDn());
            case RegisteredClient.SELF_SIGNED_TLS_CLIENT_AUTH -> registered(leaf, client.jwksJson());
            default -> false;
        };
        if (!authenticated) {
            throw failed();
        }
        return client;
    }

    /** RFC 8705 §2.1.2: the subject DN equals the registered one; X500Principal compares the canonical forms. */
    private static boolean subjectMatches(X509Certificate leaf, String registeredDn) {
        try {
            return registeredDn != null && new X500Principal(registeredDn).equals(leaf.getSubjectX500Principal());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 8705 §2.2: the certificate is one the client registered, as the first {@code x5c} entry of a JWK. */
    private static boolean registered(X509Certificate leaf, String jwksJson) {
        byte[] presented;
        try {
            presented = leaf.getEncoded();
            for (JWK key : JWKSet.parse(jwksJson).getKeys()) {
                List<Base64> x5c = key.getX509CertChain();
                if (x5c == null || x5c.isEmpty()) {
                    continue;
                }
                X509Certificate registered = X509CertUtils.parse(x5c.getFirst().decode());
                if (registered != null && Arrays.equals(presented, registered.getEncoded())) {
                    return true;
                }
            }
            return false;
        } catch (ParseException | CertificateEncodingException e) {
            return false;
        }
    }

    // One message for every failure, as for private_key_jwt: registered client ids stay undisclosed.
    private static OAuthError failed() {
        return OAuthError.invalidClient("client authentication failed");
    }
}
