package io.bulwark.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.testing.EcdsaSignatures;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one signature check every verifier uses, with ECDSA verified through BouncyCastle: what it must refuse. */
class JwsSignaturesTest {

    private final ECKey key = JwtFactory.ecKey("k1");
    private final List<JWK> keys = List.of(key.toPublicJWK());
    private final String jwt = JwtFactory.sign(key, JWSAlgorithm.ES256, JOSEObjectType.JWT,
            new JWTClaimsSet.Builder().subject("alice").claim("amount", "12.50").build());

    private static SignedJWT parse(String compact) throws Exception {
        return SignedJWT.parse(compact);
    }

    @Test
    void aGenuineEs256SignatureVerifies() throws Exception {
        assertThat(JwsSignatures.verify(parse(jwt), keys)).isTrue();
    }

    @Test
    void anotherKeysSignatureIsRefused() throws Exception {
        assertThat(JwsSignatures.verify(parse(jwt), List.of(JwtFactory.ecKey("k1").toPublicJWK()))).isFalse();
    }

    @Test
    void aChangedPayloadIsRefused() throws Exception {
        String[] parts = jwt.split("\\.");
        String forged = parts[0] + "." + Base64URL.encode("{\"sub\":\"alice\",\"amount\":\"9999.00\"}") + "." + parts[2];
        assertThat(JwsSignatures.verify(parse(forged), keys)).isFalse();
    }

    @Test
    void anAllZeroSignatureIsRefused() throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        String[] parts = jwt.split("\\.");
        String zero = parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]);
        assertThat(JwsSignatures.verify(parse(zero), keys)).isFalse();
    }

    @Test
    void aSignatureWithRAndSAtTheGroupOrderIsRefused() throws Exception {
        // r = s = n (the P-256 group order) is out of range [1, n-1] (SEC 1 §4.1.4 step 1).
        byte[] n = new java.math.BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).toByteArray();
        byte[] order = java.util.Arrays.copyOfRange(n, n.length - 32, n.length);
        byte[] signature = new byte[64];
        System.arraycopy(order, 0, signature, 0, 32);
        System.arraycopy(order, 0, signature, 32, 32);
        String[] parts = jwt.split("\\.");
        assertThat(JwsSignatures.verify(parse(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)), keys)).isFalse();
    }

    @Test
    void otherSpellingsOfTheSameSignatureAreRefused() throws Exception {
        String[] parts = jwt.split("\\.");
        // 64 bytes take 86 base64url characters, whose last carries 4 unused bits: setting them spells the same bytes anew.
        char last = parts[2].charAt(parts[2].length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) | 0x0F);
        String trailingBits = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + sameBytes;
        assertThat(parse(trailingBits).getSignature().decode()).isEqualTo(parse(jwt).getSignature().decode());

        assertThat(JwsSignatures.verify(parse(trailingBits), keys)).isFalse();
        assertThat(JwsSignatures.verify(parse(jwt + "="), keys)).isFalse();
        assertThat(JwsSignatures.verify(parse(jwt + "=="), keys)).isFalse();
    }

    @Test
    void bulwarkSignsLowSAndRefusesTheHighSTwinOfWhatItIssued() throws Exception {
        // ECDSA leaves S high half the time; the low-S signer never does (32 in a row: 2^-32 by chance).
        for (int i = 0; i < 32; i++) {
            String signed = JwtFactory.sign(key, JWSAlgorithm.ES256, JOSEObjectType.JWT, new JWTClaimsSet.Builder().subject("s" + i).build());
            assertThat(EcdsaSignatures.highS(signed.split("\\.")[2])).isFalse();
        }
        String[] parts = jwt.split("\\.");
        String twin = parts[0] + "." + parts[1] + "." + EcdsaSignatures.flipS(parts[2]);
        assertThat(EcdsaSignatures.highS(EcdsaSignatures.flipS(parts[2]))).isTrue();

        // What clients sign (assertions, DPoP proofs) may be either twin; what the server issued is low-S only.
        assertThat(JwsSignatures.verify(parse(twin), keys)).isTrue();
        assertThat(JwsSignatures.verifyIssued(parse(jwt), keys)).isTrue();
        assertThat(JwsSignatures.verifyIssued(parse(twin), keys)).isFalse();
    }

    @Test
    void algorithmsOutsideTheAllowedSetAreRefusedBeforeAnyKeyIsTried() throws Exception {
        String es384 = JwtFactory.sign(key, JWSAlgorithm.ES256, JOSEObjectType.JWT, new JWTClaimsSet.Builder().subject("a").build());
        String[] parts = es384.split("\\.");
        String header = Base64URL.encode("{\"alg\":\"ES384\",\"kid\":\"k1\"}").toString();
        assertThat(JwsSignatures.verify(parse(header + "." + parts[1] + "." + parts[2]), keys)).isFalse();
    }
}
