package io.bulwark.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * An EdDSA (Ed25519) {@link JWSVerifier} through a JCA provider, for the native provider of {@link CryptoProviders};
 * refuses what Nimbus' own {@code Ed25519Verifier} refuses (other algorithms, other curves, unknown critical headers).
 */
final class JcaEd25519Verifier implements JWSVerifier {

    // RFC 8410 §4: SubjectPublicKeyInfo of an Ed25519 key is this prefix then the 32 bytes of the key.
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int KEY_BYTES = 32;

    private final PublicKey key;
    private final Provider provider;
    private final CriticalHeaderParamsDeferral critical = new CriticalHeaderParamsDeferral();
    private final JCAContext jcaContext = new JCAContext();

    JcaEd25519Verifier(OctetKeyPair jwk, Provider provider) throws JOSEException {
        if (!Curve.Ed25519.equals(jwk.getCurve()) || jwk.isPrivate()) {
            throw new JOSEException("an Ed25519 verifier needs a public Ed25519 key");
        }
        byte[] x = jwk.getDecodedX();
        if (x.length != KEY_BYTES) {
            throw new JOSEException("an Ed25519 public key has 32 bytes");
        }
        byte[] encoded = new byte[X509_PREFIX.length + KEY_BYTES];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(x, 0, encoded, X509_PREFIX.length, KEY_BYTES);
        try {
            // The JDK decodes the key (ACCP has no Ed25519 KeyFactory); the provider takes it over when verifying.
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not an Ed25519 public key", e);
        }
        this.provider = provider;
        jcaContext.setProvider(provider);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("an Ed25519 verifier verifies EdDSA only");
        }
        if (!critical.headerPasses(header)) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519", provider);
            ed25519.initVerify(key);
            ed25519.update(signingInput);
            return ed25519.verify(signature.decode());
        } catch (GeneralSecurityException e) {
            // A malformed signature (wrong length, S out of range) is a failed verification, not an error.
            return false;
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return EdDSAProvider.SUPPORTED_ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
