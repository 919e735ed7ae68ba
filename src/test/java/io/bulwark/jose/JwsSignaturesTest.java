package io.bulwark.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.testing.EcdsaSignatures;
import io.bulwark.testing.JwtFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one signature check every verifier uses: what it must refuse, through both providers of {@link CryptoProviders}
 * (native ACCP and the pure-Java fallback), so that the fallback stays tested on a machine where the native one loads.
 */
class JwsSignaturesTest {

    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    // RFC 8032 §5.1: the order L of Ed25519's base point.
    private static final BigInteger ED25519_ORDER = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final ECKey key = JwtFactory.ecKey("k1");
    private final List<JWK> keys = List.of(key.toPublicJWK());
    private final JWTClaimsSet payment = new JWTClaimsSet.Builder().subject("alice").claim("amount", "12.50").build();
    private final String jwt = JwtFactory.sign(key, JWSAlgorithm.ES256, JOSEObjectType.JWT, payment);

    static Stream<CryptoProviders> providers() {
        return Stream.of(CryptoProviders.nativeCrypto().orElseThrow(), CryptoProviders.pureJava("under test"));
    }

    private static SignedJWT parse(String compact) throws Exception {
        return SignedJWT.parse(compact);
    }

    private static String withSignature(String compact, byte[] signature) {
        String[] parts = compact.split("\\.");
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }

    @Test
    void theNativeProviderLoadsHereAndIsTheOneInUse() {
        // The project machine is Linux x86_64 with glibc: ACCP must load there, or the product silently runs 3-5x slower.
        assertThat(CryptoProviders.nativeCrypto()).isPresent();
        assertThat(CryptoProviders.active().isNative()).isTrue();
        assertThat(CryptoProviders.active().describe()).startsWith("native: Amazon Corretto Crypto Provider");
        assertThat(CryptoProviders.choose(null).isNative()).isTrue();
        assertThat(CryptoProviders.choose("auto").isNative()).isTrue();
    }

    @Test
    void thePureJavaPathCanBeForcedAndSaysWhy() {
        CryptoProviders forced = CryptoProviders.choose("java");
        assertThat(forced.isNative()).isFalse();
        assertThat(forced.ecdsaVerification().getName()).isEqualTo("BC");
        assertThat(forced.ecdsaSigning().getName()).isEqualTo("SunEC");
        assertThat(forced.describe()).contains("pure Java").contains("-Dbulwark.crypto=java");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CryptoProviders.choose("openssl"))
                .hasMessageContaining("use java").hasMessageContaining("auto");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aGenuineEs256SignatureVerifies(CryptoProviders providers) throws Exception {
        assertThat(new JwsSignatures(providers).verifies(parse(jwt), keys)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anotherKeysSignatureIsRefused(CryptoProviders providers) throws Exception {
        assertThat(new JwsSignatures(providers).verifies(parse(jwt), List.of(JwtFactory.ecKey("k1").toPublicJWK()))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aChangedPayloadIsRefused(CryptoProviders providers) throws Exception {
        String[] parts = jwt.split("\\.");
        String forged = parts[0] + "." + Base64URL.encode("{\"sub\":\"alice\",\"amount\":\"9999.00\"}") + "." + parts[2];
        assertThat(new JwsSignatures(providers).verifies(parse(forged), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anAllZeroSignatureIsRefused(CryptoProviders providers) throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        assertThat(new JwsSignatures(providers).verifies(parse(withSignature(jwt, new byte[64])), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aSignatureWithRAndSAtTheGroupOrderIsRefused(CryptoProviders providers) throws Exception {
        // r = s = n (the P-256 group order) is out of range [1, n-1] (SEC 1 §4.1.4 step 1).
        byte[] n = P256_ORDER.toByteArray();
        byte[] order = Arrays.copyOfRange(n, n.length - 32, n.length);
        byte[] signature = new byte[64];
        System.arraycopy(order, 0, signature, 0, 32);
        System.arraycopy(order, 0, signature, 32, 32);
        assertThat(new JwsSignatures(providers).verifies(parse(withSignature(jwt, signature)), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void otherSpellingsOfTheSameSignatureAreRefused(CryptoProviders providers) throws Exception {
        JwsSignatures signatures = new JwsSignatures(providers);
        String[] parts = jwt.split("\\.");
        // 64 bytes take 86 base64url characters, whose last carries 4 unused bits: setting them spells the same bytes anew.
        char last = parts[2].charAt(parts[2].length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) | 0x0F);
        String trailingBits = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + sameBytes;
        assertThat(parse(trailingBits).getSignature().decode()).isEqualTo(parse(jwt).getSignature().decode());

        assertThat(signatures.verifies(parse(trailingBits), keys)).isFalse();
        assertThat(signatures.verifies(parse(jwt + "="), keys)).isFalse();
        assertThat(signatures.verifies(parse(jwt + "=="), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void bulwarkSignsLowSAndRefusesTheHighSTwinOfWhatItIssued(CryptoProviders providers) throws Exception {
        JwsSignatures signatures = new JwsSignatures(providers);
        // ECDSA leaves S high half the time; the low-S signer never does (32 in a row: 2^-32 by chance).
        String issued = null;
        for (int i = 0; i < 32; i++) {
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(), payment);
            signed.sign(CanonicalJws.lowSSigner(key, providers));
            issued = signed.serialize();
            assertThat(EcdsaSignatures.highS(issued.split("\\.")[2])).isFalse();
            assertThat(signatures.verifiesIssued(parse(issued), keys)).isTrue();
        }
        String[] parts = issued.split("\\.");
        String twin = parts[0] + "." + parts[1] + "." + EcdsaSignatures.flipS(parts[2]);
        assertThat(EcdsaSignatures.highS(EcdsaSignatures.flipS(parts[2]))).isTrue();

        // What clients sign (assertions, DPoP proofs) may be either twin; what the server issued is low-S only.
        assertThat(signatures.verifies(parse(twin), keys)).isTrue();
        assertThat(signatures.verifiesIssued(parse(twin), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void algorithmsOutsideTheAllowedSetAreRefusedBeforeAnyKeyIsTried(CryptoProviders providers) throws Exception {
        String[] parts = jwt.split("\\.");
        String header = Base64URL.encode("{\"alg\":\"ES384\",\"kid\":\"k1\"}").toString();
        assertThat(new JwsSignatures(providers).verifies(parse(header + "." + parts[1] + "." + parts[2]), keys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void ps256VerifiesOnlyTheKeyAndPayloadItSigned(CryptoProviders providers) throws Exception {
        JwsSignatures signatures = new JwsSignatures(providers);
        RSAKey rsa = JwtFactory.rsaKey("r1", 2048);
        String signed = JwtFactory.sign(rsa, JWSAlgorithm.PS256, JOSEObjectType.JWT, payment);
        String[] parts = signed.split("\\.");

        assertThat(signatures.verifies(parse(signed), List.of(rsa.toPublicJWK()))).isTrue();
        assertThat(signatures.verifies(parse(signed), List.of(JwtFactory.rsaKey("r1", 2048).toPublicJWK()))).isFalse();
        assertThat(signatures.verifies(parse(parts[0] + "." + Base64URL.encode("{\"sub\":\"mallory\"}") + "." + parts[2]),
                List.of(rsa.toPublicJWK()))).isFalse();
        assertThat(signatures.verifies(parse(withSignature(signed, new byte[256])), List.of(rsa.toPublicJWK()))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void eddsaVerifiesOnlyTheKeyAndPayloadItSignedWithACanonicalS(CryptoProviders providers) throws Exception {
        JwsSignatures signatures = new JwsSignatures(providers);
        OctetKeyPair ed = JwtFactory.edKey("e1");
        List<JWK> edKeys = List.of(ed.toPublicJWK());
        String signed = JwtFactory.sign(ed, JWSAlgorithm.EdDSA, JOSEObjectType.JWT, payment);
        String[] parts = signed.split("\\.");
        byte[] signature = parse(signed).getSignature().decode();

        assertThat(signatures.verifies(parse(signed), edKeys)).isTrue();
        assertThat(signatures.verifies(parse(signed), List.of(JwtFactory.edKey("e1").toPublicJWK()))).isFalse();
        assertThat(signatures.verifies(parse(parts[0] + "." + Base64URL.encode("{\"sub\":\"mallory\"}") + "." + parts[2]), edKeys))
                .isFalse();
        assertThat(signatures.verifies(parse(withSignature(signed, new byte[64])), edKeys)).isFalse();
        assertThat(signatures.verifies(parse(withSignature(signed, Arrays.copyOf(signature, 63))), edKeys)).isFalse();
        // RFC 8032 §5.1.7: S must be below L; S + L is the same signature spelled otherwise (malleability) and is refused.
        assertThat(signatures.verifies(parse(withSignature(signed, withSPlusL(signature))), edKeys)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anEd25519VerifierRefusesAPrivateKeyAndAnotherAlgorithm(CryptoProviders providers) throws Exception {
        OctetKeyPair ed = JwtFactory.edKey("e1");
        String signed = JwtFactory.sign(ed, JWSAlgorithm.EdDSA, JOSEObjectType.JWT, payment);
        // A private JWK is not a verification key; the check catches the exception and refuses.
        assertThat(new JwsSignatures(providers).verifies(parse(signed), List.of(ed))).isFalse();
        if (providers.ed25519().isPresent()) {
            JcaEd25519Verifier verifier = new JcaEd25519Verifier(ed.toPublicJWK(), providers.ed25519().get());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(
                    new JWSHeader(JWSAlgorithm.ES256), new byte[1], Base64URL.encode(new byte[64]))).isInstanceOf(JOSEException.class);
        }
    }

    /** The Ed25519 signature R || S with S (32 bytes, little-endian) replaced by S + L. */
    private static byte[] withSPlusL(byte[] signature) {
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = s[31 - i];
        }
        byte[] sum = new BigInteger(1, bigEndian).add(ED25519_ORDER).toByteArray();
        byte[] out = Arrays.copyOf(signature, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        for (int i = 0; i < Math.min(sum.length, 32); i++) {
            out[32 + i] = sum[sum.length - 1 - i];
        }
        return out;
    }
}
