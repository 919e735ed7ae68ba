package io.bulwark.oauth.clientauth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.jose.JwsSignatures;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.jwks.ClientKeys;
import io.bulwark.store.ReplayGuard;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Authenticates a client by its {@code private_key_jwt} assertion (RFC 7523 §2.2 and §3, as
 * profiled by FAPI 2.0 SP §5.3.2.1), signed with a key from the client's registered JWK Set.
 */
public final class ClientAssertionVerifier {

    /** RFC 7523 §2.2: the only client_assertion_type this verifier understands. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** How far in the future {@code iat}/{@code nbf} may lie, and how late {@code exp} is still honoured. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    /** An assertion living longer than this is refused, which also bounds the replay cache. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private static final String REPLAY_NAMESPACE = "client-assertion";
    /** The longest jti taken (as for DPoP proofs): a random one needs far less, and the replay guard keeps it (hashed). */
    public static final int MAX_JTI_LENGTH = 512;

    private final String issuer;
    private final ClientRepository clients;
    private final ReplayGuard replayGuard;
    private final InstantSource clock;
    private final ClientKeys keys;

    /** @param keys where each client's verification keys come from: inline, or its {@code jwks_uri} */
    public ClientAssertionVerifier(String issuer, ClientRepository clients, ReplayGuard replayGuard, InstantSource clock,
                                   ClientKeys keys) {
        this.issuer = issuer;
        this.clients = clients;
        this.replayGuard = replayGuard;
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * Verifies the client authentication parameters of a request to the token endpoint.
     *
     * @param params the request's form parameters (each present at most once)
     * @return the authenticated, enabled client
     * @throws OAuthError {@code invalid_client} (or {@code invalid_request} for malformed input)
     */
    public RegisteredClient authenticate(Map<String, String> params) {
        String assertionType = params.get("client_assertion_type");
        String assertion = params.get("client_assertion");
        if (assertionType == null || assertion == null) {
            throw OAuthError.invalidClient("client authentication is required: send client_assertion_type and client_assertion (private_key_jwt, RFC 7523)");
        }
        if (!JWT_BEARER.equals(assertionType)) {
            throw OAuthError.invalidClient("client_assertion_type must be " + JWT_BEARER);
        }
        SignedJWT jwt = parse(assertion);
        JWTClaimsSet claims = claims(jwt);

        // RFC 7523 §3 items 1-2: for client authentication, iss and sub are both the client_id.
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject())) {
            throw OAuthError.invalidClient("client assertion iss and sub must both be the client_id");
        }
        String declaredClientId = params.get("client_id");
        if (declaredClientId != null && !declaredClientId.equals(clientId)) {
            throw OAuthError.invalidClient("client_id does not match the client assertion's sub");
        }
        checkAudience(jwt);
        Instant exp = checkTimes(claims);
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw OAuthError.invalidClient("client assertion must carry a jti");
        }
        if (claims.getJWTID().length() > MAX_JTI_LENGTH) {
            throw OAuthError.invalidClient("client assertion jti must be at most " + MAX_JTI_LENGTH + " characters");
        }

        RegisteredClient client = clients.find(clientId)
                .filter(c -> !c.disabled())
                .filter(c -> RegisteredClient.PRIVATE_KEY_JWT.equals(c.authMethod()))
                .orElse(null);
        // An unknown or disabled client costs the same signature check as a registered one with a wrong key,
        // so that response times do not tell which client ids exist.
        if (!JwsSignatures.verify(jwt, signatureCandidates(jwt, client)) || client == null) {
            throw authenticationFailed();
        }

        // RFC 7523 §3 item 7: a jti is accepted once. Checked after the signature, so that nobody
        // but the key holder can burn a client's jti values.
        if (!replayGuard.firstUse(REPLAY_NAMESPACE + ":" + clientId, claims.getJWTID(), exp.plus(CLOCK_SKEW))) {
            throw OAuthError.invalidClient("client assertion jti was already used: make a new assertion for each request");
        }
        return client;
    }

    private static SignedJWT parse(String assertion) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(assertion);
        } catch (ParseException e) {
            throw OAuthError.invalidClient("client_assertion is not a signed JWT");
        }
        // FAPI 2.0 SP §5.4.1: PS256, ES256 or EdDSA only.
        if (!AllowedAlgorithms.allows(jwt.getHeader().getAlgorithm())) {
            throw OAuthError.invalidClient("client assertion alg must be one of " + AllowedAlgorithms.names());
        }
        return jwt;
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw OAuthError.invalidClient("client assertion claims are not a JSON object");
        }
    }

    private void checkAudience(SignedJWT jwt) {
        // FAPI 2.0 SP §5.3.2.1: the AS accepts only its issuer identifier, as a single string, in aud
        // (RFC 7523 §3 item 3 requires that aud identify the AS); a one-element array is refused too.
        // The payload as sent, since the parsed claims set turns a string aud into a list.
        if (!(jwt.getPayload().toJSONObject().get("aud") instanceof String audience) || !issuer.equals(audience)) {
            throw OAuthError.invalidClient("client assertion aud must be the issuer identifier " + issuer);
        }
    }

    private Instant checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        // RFC 7523 §3 item 4: exp is required and the JWT must be rejected once it has passed.
        Date expDate = claims.getExpirationTime();
        if (expDate == null) {
            throw OAuthError.invalidClient("client assertion must carry exp");
        }
        Instant exp = expDate.toInstant();
        if (!exp.plus(CLOCK_SKEW).isAfter(now)) {
            throw OAuthError.invalidClient("client assertion has expired");
        }
        if (exp.isAfter(now.plus(MAX_LIFETIME))) {
            throw OAuthError.invalidClient("client assertion exp is more than " + MAX_LIFETIME.toMinutes() + " minutes ahead");
        }
        // RFC 7523 §3 items 5-6: nbf and iat must not lie in the future (beyond clock skew).
        for (Date time : new Date[] {claims.getNotBeforeTime(), claims.getIssueTime()}) {
            if (time != null && time.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                throw OAuthError.invalidClient("client assertion iat/nbf lies in the future");
            }
        }
        return exp;
    }

    /** The client's keys that may have signed {@code jwt}; a decoy key when there is no client or no such key. */
    private List<JWK> signatureCandidates(SignedJWT jwt, RegisteredClient client) {
        if (client == null) {
            return DecoyKeys.forHeader(jwt.getHeader());
        }
        List<JWK> candidates = keys.candidates(client, JwsSignatures.candidatesFor(jwt.getHeader()));
        return candidates.isEmpty() ? DecoyKeys.forHeader(jwt.getHeader()) : candidates;
    }

    // One message for unknown client, disabled client and bad signature, so that an attacker
    // cannot tell registered client ids from unregistered ones.
    private static OAuthError authenticationFailed() {
        return OAuthError.invalidClient("client authentication failed");
    }
}
