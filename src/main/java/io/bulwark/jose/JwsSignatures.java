package io.bulwark.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;

import java.util.List;

/**
 * Checks a JWS signature against candidate public keys, for every place Bulwark verifies one
 * (client assertions, access tokens). Only the algorithms of {@link AllowedAlgorithms} pass.
 * The providers that do the arithmetic are {@link CryptoProviders#active()}'s.
 */
public final class JwsSignatures {

    private static final JwsSignatures ACTIVE = new JwsSignatures(CryptoProviders.active());

    private final CryptoProviders providers;

    /** Verifies through {@code providers}; the product uses {@link CryptoProviders#active()} through the static methods. */
    JwsSignatures(CryptoProviders providers) {
        this.providers = providers;
    }

    /** Which keys may have signed a JWS with {@code header}: same key type, same kid if given, usable for signatures. */
    public static JWKMatcher candidatesFor(JWSHeader header) {
        return new JWKMatcher.Builder()
                .keyType(KeyType.forAlgorithm(header.getAlgorithm()))
                .keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null)
                .build();
    }

    /**
     * True when {@code jwt} is spelled canonically ({@link CanonicalJws#encodedCanonically(String[])}) and one of {@code keys}
     * verifies its signature with an allowed algorithm and a strong enough key.
     */
    public static boolean verify(SignedJWT jwt, List<JWK> keys) {
        return ACTIVE.verifies(jwt, keys);
    }

    /**
     * As {@link #verify}, for the JWSs Bulwark's authorization server signs (access tokens): those are low-S, so a high-S
     * signature is another spelling of a token and is refused ({@link CanonicalJws#lowS}). Not for what clients sign
     * (assertions, DPoP proofs): common JOSE libraries leave S as it falls, high half the time.
     */
    public static boolean verifyIssued(SignedJWT jwt, List<JWK> keys) {
        return ACTIVE.verifiesIssued(jwt, keys);
    }

    /**
     * As {@link #verify(SignedJWT, List)}, for a compact JWS already split into {@code parts} (header, payload, signature
     * as sent) whose header is {@code header}: for a verifier that parsed the header once and keeps it.
     */
    public static boolean verify(JWSHeader header, String[] parts, List<JWK> keys) {
        return ACTIVE.verifies(header, parts, keys);
    }

    boolean verifies(SignedJWT jwt, List<JWK> keys) {
        Base64URL[] parsed = jwt.getParsedParts();
        return parsed.length == 3 && verifies(jwt.getHeader(), new String[] {parsed[0].toString(), parsed[1].toString(), parsed[2].toString()},
                keys);
    }

    boolean verifies(JWSHeader header, String[] parts, List<JWK> keys) {
        if (!AllowedAlgorithms.allows(header.getAlgorithm()) || parts.length != 3 || !CanonicalJws.encodedCanonically(parts)) {
            return false;
        }
        // RFC 7515 §5.2 item 8: the signature is over ASCII(BASE64URL(header) || '.' || BASE64URL(payload)), as sent.
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        Base64URL signature = new Base64URL(parts[2]);
        for (JWK key : keys) {
            if (!AllowedAlgorithms.strongEnough(key)) {
                continue;
            }
            try {
                if (verifierFor(key).verify(header, signingInput, signature)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A key that cannot verify this algorithm (say, a P-384 key for ES256) is not a match.
            }
        }
        return false;
    }

    boolean verifiesIssued(SignedJWT jwt, List<JWK> keys) {
        return CanonicalJws.lowS(jwt) && verifies(jwt, keys);
    }

    private JWSVerifier verifierFor(JWK key) throws JOSEException {
        return switch (key) {
            case ECKey ec -> {
                ECDSAVerifier verifier = new ECDSAVerifier(ec);
                verifier.getJCAContext().setProvider(providers.ecdsaVerification());
                yield verifier;
            }
            case RSAKey rsa -> {
                RSASSAVerifier verifier = new RSASSAVerifier(rsa);
                verifier.getJCAContext().setProvider(providers.rsaVerification());
                yield verifier;
            }
            case OctetKeyPair okp -> {
                var jca = providers.ed25519();
                yield jca.isPresent() ? new JcaEd25519Verifier(okp, jca.get()) : new Ed25519Verifier(okp);
            }
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }
}
