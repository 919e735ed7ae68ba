package io.bulwark.oauth.dpop;

import io.bulwark.digest.ConstantTime;
import io.bulwark.digest.Sha256;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.jose.AllowedAlgorithms;
import io.bulwark.jose.JwsSignatures;

import io.bulwark.store.ReplayGuard;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks DPoP proofs exactly as RFC 9449 §4.3 lists, for the token endpoint (§5) and for protected
 * resources (§7), and records each proof's {@code jti} as used through the {@link ReplayGuard}
 * port, so that a proof is accepted once across every node sharing the store.
 */
public final class DpopProofVerifier {

    /** RFC 9449 §4.2: the typ of a DPoP proof. */
    public static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

    /** How far in the future {@code iat} may lie and still be accepted (RFC 9449 §11.1 allows a little clock skew). */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(10);

    /** The {@code algs} the WWW-Authenticate challenge and metadata advertise (RFC 9449 §5.1, §7.1). */
    public static final String ALGS = String.join(" ", AllowedAlgorithms.names());

    // RFC 7517 §9.2 and RFC 7518 §6: the members that make a JWK private (k: a symmetric key is all secret).
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final int MAX_JTI_LENGTH = 512;
    private static final String REPLAY_NAMESPACE = "dpop:";

    private static final int MAX_REMEMBERED_HEADERS = 10_000;

    /** A proof header that passed RFC 9449 §4.3 items 4, 5 and 7, its key and the key's RFC 7638 thumbprint. */
    private record ProofHeader(JWSHeader header, JWK jwk, String jkt) {
    }

    private final ReplayGuard replayGuard;
    private final Map<String, ProofHeader> headers = new ConcurrentHashMap<>();
    private final DpopNonces nonces;
    private final boolean nonceRequired;
    private final Duration maxProofAge;
    private final InstantSource clock;

    /**
     * @param nonces        the server's nonces; a proof carrying a {@code nonce} must carry a current one
     * @param nonceRequired whether every proof must carry a current nonce (RFC 9449 §8, §9)
     * @param maxProofAge   a proof whose {@code iat} is this old or older is refused (RFC 9449 §11.1)
     */
    public DpopProofVerifier(ReplayGuard replayGuard, DpopNonces nonces, boolean nonceRequired, Duration maxProofAge,
                             InstantSource clock) {
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.nonceRequired = nonceRequired;
        this.maxProofAge = Objects.requireNonNull(maxProofAge, "maxProofAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxProofAge.isNegative() || maxProofAge.isZero()) {
            throw new IllegalArgumentException("maxProofAge must be positive");
        }
    }

    /**
     * Verifies the proof of a token request (RFC 9449 §5): no access token, so no {@code ath}.
     *
     * @param proofs every value of the request's {@code DPoP} header
     * @param url    the URL the request was received at: the token endpoint
     */
    public VerifiedDpopProof verifyTokenRequest(List<String> proofs, String method, URI url) throws DpopProofException {
        return verify(proofs, method, url, null, null);
    }

    /**
     * Verifies the proof of a request to a protected resource (RFC 9449 §7): {@code ath} must be the
     * hash of {@code accessToken}, and the proof's key the one the token is bound to.
     *
     * @param boundJkt the token's {@code cnf.jkt}
     */
    public VerifiedDpopProof verifyResourceRequest(List<String> proofs, String method, URI url, String accessToken, String boundJkt)
            throws DpopProofException {
        return verify(proofs, method, url, Objects.requireNonNull(accessToken, "accessToken"), Objects.requireNonNull(boundJkt, "boundJkt"));
    }

    /** Whether every proof must carry a server nonce. */
    public boolean nonceRequired() {
        return nonceRequired;
    }

    /** The nonce to hand out now, in a {@code DPoP-Nonce} response header. */
    public String currentNonce() {
        return nonces.current();
    }

    private VerifiedDpopProof verify(List<String> proofs, String method, URI url, String accessToken, String boundJkt)
            throws DpopProofException {
        // RFC 9449 §4.3 item 1: not more than one DPoP header.
        if (proofs == null || proofs.isEmpty()) {
            throw DpopProofException.invalid("a DPoP proof is required: send one in the DPoP header (RFC 9449 §4)");
        }
        if (proofs.size() > 1) {
            throw DpopProofException.invalid("send exactly one DPoP header (RFC 9449 §4.3)");
        }
        String proof = proofs.getFirst().strip();
        int dot = proof.indexOf('.');
        if (dot <= 0) {
            throw DpopProofException.invalid("the DPoP header is not a JWT (RFC 9449 §4.3)");
        }
        String encodedHeader = proof.substring(0, dot);
        ProofHeader header = headers.get(encodedHeader);
        if (header == null) {
            checkRawHeader(encodedHeader);
        }
        String[] parts = compactParts(proof);
        if (header == null) {
            header = parsedHeader(encodedHeader);
        }
        // RFC 9449 §4.3 item 6: the signature verifies with the key in jwk (RSA keys of 2048 bits or more).
        if (!JwsSignatures.verify(header.header(), parts, List.of(header.jwk()))) {
            throw DpopProofException.invalid("the DPoP proof's signature does not verify with the key in its jwk header");
        }
        JWTClaimsSet claims = claims(parts[1]);
        // RFC 9449 §4.3 item 3 and §4.2: jti, htm, htu and iat are required.
        String jti = requiredString(claims, "jti");
        String htm = requiredString(claims, "htm");
        String htu = requiredString(claims, "htu");
        Date iatDate = claims.getIssueTime();
        if (iatDate == null) {
            throw DpopProofException.invalid("the DPoP proof lacks the iat claim (RFC 9449 §4.2)");
        }
        if (jti.length() > MAX_JTI_LENGTH) {
            throw DpopProofException.invalid("the DPoP proof's jti is longer than " + MAX_JTI_LENGTH + " characters");
        }
        // RFC 9449 §4.3 item 8: htm is the method of this request.
        if (!htm.equals(method)) {
            throw DpopProofException.invalid("the DPoP proof's htm is not this request's method " + method);
        }
        // RFC 9449 §4.3 item 9: htu is this request's URI, ignoring query and fragment, after RFC 3986 §6 normalization.
        Optional<String> expected = HttpUriNormalizer.normalize(url.toString());
        if (expected.isEmpty() || !expected.equals(HttpUriNormalizer.normalize(htu))) {
            throw DpopProofException.invalid("the DPoP proof's htu is not the URL of this request: " + expected.orElse(url.toString()));
        }
        Instant iat = checkIssuedAt(iatDate.toInstant());
        // RFC 9449 §4.3 item 12: at a resource, ath is the hash of the access token, and the key is the one it is bound to.
        if (accessToken != null) {
            checkAccessTokenHash(claims, accessToken);
        }
        String jkt = header.jkt();
        if (boundJkt != null && !ConstantTime.equal(boundJkt, jkt)) {
            throw DpopProofException.invalid("the DPoP proof is signed with a key other than the one the access token is bound to");
        }
        checkNonce(claims);
        // RFC 9449 §11.1: each jti is accepted once while its proof could still be accepted. Recorded
        // last, so that only a proof that passed every other check can use up a jti.
        Instant forgetAfter = iat.plus(maxProofAge).plus(FUTURE_SKEW);
        if (!replayGuard.firstUse(REPLAY_NAMESPACE + jkt, Sha256.base64Url(jti), forgetAfter)) {
            throw DpopProofException.invalid("this DPoP proof was already used: make a new proof, with a new jti, for every request");
        }
        remember(encodedHeader, header);
        return new VerifiedDpopProof(jkt, iat);
    }

    /**
     * RFC 9449 §4.3 items 5 and 7 on the header as sent, before a JOSE library reads it: an allowed alg, and no private
     * key members in jwk (which a library might drop). What these and {@link #parsedHeader}'s checks settle depends on
     * the header's bytes alone, so a header that passed them once is remembered.
     */
    private static void checkRawHeader(String encodedHeader) throws DpopProofException {
        Map<String, Object> rawHeader = rawHeader(encodedHeader);
        // RFC 9449 §4.3 item 5: a registered asymmetric algorithm, not none, acceptable here (FAPI 2.0 SP §5.4.1).
        Object alg = rawHeader.get("alg");
        if (!(alg instanceof String name) || !AllowedAlgorithms.allows(JWSAlgorithm.parse(name))) {
            throw DpopProofException.invalid("the DPoP proof's alg must be one of " + ALGS);
        }
        // RFC 9449 §4.3 item 7: the jwk header must not contain a private key.
        if (rawHeader.get("jwk") instanceof Map<?, ?> jwkMembers && jwkMembers.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains)) {
            throw DpopProofException.invalid("the DPoP proof's jwk header contains a private key: put only the public key there");
        }
    }

    /** RFC 9449 §4.3 item 4 and the jwk header: typ dpop+jwt and a public key; with the key's thumbprint. */
    private static ProofHeader parsedHeader(String encodedHeader) throws DpopProofException {
        JWSHeader header;
        try {
            header = JWSHeader.parse(new Base64URL(encodedHeader));
        } catch (ParseException e) {
            throw DpopProofException.invalid("the DPoP header is not a well-formed signed JWT (RFC 9449 §4.3)");
        }
        // RFC 9449 §4.3 item 4: typ is dpop+jwt (media type names compare case-insensitively, RFC 7515 §4.1.9).
        JOSEObjectType typ = header.getType();
        if (typ == null || !DPOP_JWT.getType().equalsIgnoreCase(typ.getType())) {
            throw DpopProofException.invalid("the DPoP proof's typ must be dpop+jwt");
        }
        JWK jwk = header.getJWK();
        if (jwk == null) {
            throw DpopProofException.invalid("the DPoP proof needs a jwk header holding its public key");
        }
        if (jwk.isPrivate()) {
            throw DpopProofException.invalid("the DPoP proof's jwk header contains a private key: put only the public key there");
        }
        return new ProofHeader(header, jwk, thumbprint(jwk));
    }

    /**
     * Keeps a header whose proof passed every check, so a client's next proofs (same key, same header bytes) skip
     * parsing it and its key again. Bounded: emptied when full, which costs only the parsing again.
     */
    private void remember(String encodedHeader, ProofHeader header) {
        if (headers.size() >= MAX_REMEMBERED_HEADERS) {
            headers.clear();
        }
        headers.putIfAbsent(encodedHeader, header);
    }

    /** RFC 7515 §7.1: a compact JWS is exactly three base64url parts separated by dots. */
    private static String[] compactParts(String proof) throws DpopProofException {
        int first = proof.indexOf('.');
        int second = first < 0 ? -1 : proof.indexOf('.', first + 1);
        if (second < 0 || proof.indexOf('.', second + 1) >= 0) {
            throw DpopProofException.invalid("the DPoP header is not a well-formed signed JWT (RFC 9449 §4.3)");
        }
        return new String[] {proof.substring(0, first), proof.substring(first + 1, second), proof.substring(second + 1)};
    }

    private static Map<String, Object> rawHeader(String encodedHeader) throws DpopProofException {
        try {
            return JSONObjectUtils.parse(new Base64URL(encodedHeader).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw DpopProofException.invalid("the DPoP header is not a JWT (RFC 9449 §4.3)");
        }
    }

    private static JWTClaimsSet claims(String encodedPayload) throws DpopProofException {
        try {
            return JWTClaimsSet.parse(new Base64URL(encodedPayload).decodeToString());
        } catch (ParseException e) {
            throw DpopProofException.invalid("the DPoP proof's claims are not a JSON object");
        }
    }

    private static String requiredString(JWTClaimsSet claims, String name) throws DpopProofException {
        Object value = claims.getClaim(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw DpopProofException.invalid("the DPoP proof lacks the " + name + " claim (RFC 9449 §4.2)");
        }
        return text;
    }

    /** RFC 9449 §4.3 item 11 and §11.1: iat at most {@link #FUTURE_SKEW} ahead, and younger than the maximum age. */
    private Instant checkIssuedAt(Instant iat) throws DpopProofException {
        Instant now = clock.instant();
        if (iat.isAfter(now.plus(FUTURE_SKEW))) {
            throw DpopProofException.invalid("the DPoP proof's iat lies in the future: check the client's clock");
        }
        if (!iat.plus(maxProofAge).isAfter(now)) {
            throw DpopProofException.invalid("the DPoP proof is older than " + maxProofAge.toSeconds() + " s: make a fresh one for each request");
        }
        return iat;
    }

    private static void checkAccessTokenHash(JWTClaimsSet claims, String accessToken) throws DpopProofException {
        Object ath = claims.getClaim("ath");
        if (!(ath instanceof String hash)) {
            throw DpopProofException.invalid("the DPoP proof lacks the ath claim, the hash of the access token (RFC 9449 §4.2)");
        }
        if (!ConstantTime.equal(AccessTokenHash.of(accessToken), hash)) {
            throw DpopProofException.invalid("the DPoP proof's ath is not the hash of the access token sent with it");
        }
    }

    /** RFC 9449 §4.3 item 10, §8 and §9: a nonce, when present or required, must be one this server issued recently. */
    private void checkNonce(JWTClaimsSet claims) throws DpopProofException {
        Object nonce = claims.getClaim("nonce");
        if (nonce == null) {
            if (nonceRequired) {
                throw DpopProofException.useNonce("this server requires a nonce in DPoP proofs: use the one in the DPoP-Nonce header",
                        nonces.current());
            }
            return;
        }
        if (!(nonce instanceof String value) || !nonces.accepts(value)) {
            throw DpopProofException.useNonce("the DPoP proof's nonce is not current: use the one in the DPoP-Nonce header", nonces.current());
        }
    }

    private static String thumbprint(JWK jwk) throws DpopProofException {
        try {
            // RFC 9449 §6.1: jkt is the base64url SHA-256 JWK thumbprint of RFC 7638.
            return jwk.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw DpopProofException.invalid("the DPoP proof's jwk cannot be thumbprinted");
        }
    }
}
