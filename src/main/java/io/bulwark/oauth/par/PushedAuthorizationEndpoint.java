package io.bulwark.oauth.par;

import io.bulwark.digest.ConstantTime;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.oauth.clientauth.GuardedClientAuthentication;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.core.SecretTokens;
import io.bulwark.oauth.core.TokenRequest;
import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.dpop.VerifiedDpopProof;
import io.bulwark.oauth.pkce.Pkce;
import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.rar.AuthorizationDetailsParser;
import io.bulwark.oauth.rar.InvalidAuthorizationDetailsException;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The pushed authorization request endpoint's logic (RFC 9126 §2): authenticate the client (private_key_jwt
 * or mTLS, as at the token endpoint), validate the whole authorization request now, while the client can
 * still be told what is wrong, bind the code to come to the client's DPoP key if it offers one (RFC 9449
 * §10), and store the request behind a single-use request_uri.
 */
public final class PushedAuthorizationEndpoint {

    /** RFC 9126 §2.2 and FAPI 2.0 SP §5.3.2.2: a request_uri must expire in under 600 s; 60 s is ample for a redirect. */
    public static final Duration REQUEST_URI_LIFETIME = Duration.ofSeconds(60);

    /** The only response_type (FAPI 2.0 SP §5.3.2.2: code; no implicit or hybrid flows). */
    public static final String CODE = "code";

    private static final int MAX_STATE = 512;
    // RFC 9449 §10 and §6.1: dpop_jkt is a base64url SHA-256 JWK thumbprint (RFC 7638), 43 characters.
    private static final Pattern JKT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final GuardedClientAuthentication clientAuthentication;
    private final DpopProofVerifier dpop;
    private final URI parEndpointUrl;
    private final PushedRequestStore requests;
    private final InstantSource clock;

    /** @param parEndpointUrl this endpoint's URL as clients call it: the {@code htu} of their DPoP proofs */
    public PushedAuthorizationEndpoint(GuardedClientAuthentication clientAuthentication, DpopProofVerifier dpop, URI parEndpointUrl,
                                       PushedRequestStore requests, InstantSource clock) {
        this.clientAuthentication = clientAuthentication;
        this.dpop = dpop;
        this.parEndpointUrl = parEndpointUrl;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Handles one pushed authorization request.
     *
     * @param request  the form parameters (each present once), DPoP proofs and TLS client certificate
     * @param sourceIp the caller's address, counted by the brute-force guard
     * @throws OAuthError with the RFC 6749 §5.2 / RFC 9396 §5 / RFC 9449 §5 code to answer with (RFC 9126 §2.3)
     */
    public PushedAuthorization push(TokenRequest request, String sourceIp) {
        Map<String, String> params = request.parameters();
        // As at the token endpoint, the proof is checked first, so that a use_dpop_nonce answer does not
        // use up the client's assertion.
        VerifiedDpopProof proof = request.dpopProofs().isEmpty() ? null : verifyProof(request);
        // RFC 9126 §2.1: the client authenticates exactly as at the token endpoint, behind the same guard.
        RegisteredClient client = clientAuthentication.authenticate(request, sourceIp, null);
        // RFC 6749 §5.2 unauthorized_client (RFC 9126 §2.3): a client not registered for authorization_code starts no code flow.
        if (!client.mayUse(RegisteredClient.AUTHORIZATION_CODE)) {
            throw OAuthError.unauthorizedClient("this client is not registered for grant_type authorization_code");
        }
        String dpopJkt = dpopJkt(client, proof, params.get("dpop_jkt"));

        // RFC 9126 §2.1: request_uri must not be sent to the PAR endpoint.
        if (params.containsKey("request_uri")) {
            throw OAuthError.invalidRequest("request_uri must not be sent to the pushed authorization request endpoint");
        }
        if (params.containsKey("request")) {
            throw new OAuthError("request_not_supported", "request objects (JAR) are not supported: send the parameters as form fields", 400, Map.of());
        }
        String responseType = params.get("response_type");
        if (responseType == null) {
            throw OAuthError.invalidRequest("response_type is required and must be code");
        }
        // FAPI 2.0 SP §5.3.2.2: response_type code only; no token, no id_token, no hybrid.
        if (!CODE.equals(responseType)) {
            throw new OAuthError("unsupported_response_type", "response_type must be code", 400, Map.of());
        }
        // OAuth 2.0 Multiple Response Types §2.1: code is returned in the query; FAPI 2.0 SP §5.3.2.2 allows no other mode
        // (fragment, form_post, JARM), so any other response_mode is refused rather than silently ignored.
        String responseMode = params.get("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            throw OAuthError.invalidRequest("response_mode must be query or absent: the code is returned in the redirect URI's query");
        }
        String redirectUri = redirectUri(params.get("redirect_uri"), client);

        String challengeProblem = Pkce.challengeProblem(params.get("code_challenge"), params.get("code_challenge_method"));
        if (challengeProblem != null) {
            throw OAuthError.invalidRequest(challengeProblem);
        }

        Set<String> scopes = Scopes.parse(params.get("scope"));
        Set<String> notAllowed = new TreeSet<>(scopes);
        notAllowed.removeAll(client.scopes());
        if (!notAllowed.isEmpty()) {
            throw OAuthError.invalidScope("the client is not registered for " + String.join(" ", notAllowed));
        }
        List<AuthorizationDetail> details = details(params.get("authorization_details"), client);
        if (scopes.isEmpty() && details.isEmpty()) {
            // Least privilege: no default grant exists, so an empty request would authorize nothing.
            throw OAuthError.invalidRequest("ask for something: send scope, authorization_details, or both");
        }

        String reference = SecretTokens.newToken();
        PushedRequest pushed = new PushedRequest(client.clientId(), redirectUri, scopes,
                bounded("state", params.get("state")), bounded("nonce", params.get("nonce")),
                params.get("code_challenge"), details, clock.instant().plus(REQUEST_URI_LIFETIME), dpopJkt);
        requests.save(SecretTokens.hash(reference), pushed);
        // RFC 9449 §8.2: while nonces are required, each response carries the nonce to use next.
        return new PushedAuthorization(RequestUris.newRequestUri(reference), REQUEST_URI_LIFETIME,
                dpop.nonceRequired() ? Map.of("DPoP-Nonce", dpop.currentNonce()) : Map.of());
    }

    private VerifiedDpopProof verifyProof(TokenRequest request) {
        try {
            // RFC 9449 §10.1: a proof sent to the PAR endpoint is checked as at the token endpoint (§5):
            // htm POST, htu this endpoint's URL.
            return dpop.verifyTokenRequest(request.dpopProofs(), "POST", parEndpointUrl);
        } catch (DpopProofException e) {
            throw OAuthError.dpopProof(e);
        }
    }

    /**
     * The DPoP key the code will be bound to (RFC 9449 §10): the proof's, or the {@code dpop_jkt}
     * parameter's; null when the client offers neither.
     */
    private static String dpopJkt(RegisteredClient client, VerifiedDpopProof proof, String parameter) {
        if (parameter != null && !JKT.matcher(parameter).matches()) {
            throw OAuthError.invalidRequest("dpop_jkt must be the base64url SHA-256 thumbprint (RFC 7638) of the DPoP key");
        }
        if (proof == null && parameter == null) {
            return null;
        }
        if (!client.senderConstraint().allowsDpop()) {
            throw OAuthError.invalidRequest("this client's tokens are bound to its TLS certificate (mTLS, RFC 8705):"
                    + " send the request without a DPoP header or dpop_jkt");
        }
        // RFC 9449 §10.1: with both a proof and dpop_jkt, the proof's key must be the one dpop_jkt names.
        if (proof != null && parameter != null && !ConstantTime.equal(parameter, proof.jkt())) {
            throw OAuthError.invalidRequest("dpop_jkt is not the thumbprint of the DPoP proof's key");
        }
        return proof != null ? proof.jkt() : parameter;
    }

    private static String redirectUri(String redirectUri, RegisteredClient client) {
        // FAPI 2.0 SP §5.3.2.2: redirect_uri is required in pushed authorization requests.
        if (redirectUri == null) {
            throw OAuthError.invalidRequest("redirect_uri is required");
        }
        // RFC 9700 §2.1 and §4.1.3: exact string comparison with a registered URI, no pattern, no prefix.
        if (!client.redirectUris().contains(redirectUri)) {
            throw OAuthError.invalidRequest("redirect_uri is not registered for this client (it must match one exactly)");
        }
        return redirectUri;
    }

    private static List<AuthorizationDetail> details(String json, RegisteredClient client) {
        if (json == null) {
            return List.of();
        }
        try {
            // RFC 9396 §5: unknown or malformed details are refused here, before any user sees them.
            return AuthorizationDetailsParser.parse(json, client.authorizationDetailsTypes());
        } catch (InvalidAuthorizationDetailsException e) {
            throw new OAuthError(InvalidAuthorizationDetailsException.ERROR_CODE, e.getMessage(), 400, Map.of());
        }
    }

    private static String bounded(String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_STATE || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw OAuthError.invalidRequest(name + " must be at most " + MAX_STATE + " printable characters");
        }
        return value;
    }
}
