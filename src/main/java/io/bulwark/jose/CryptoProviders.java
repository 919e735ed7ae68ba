package io.bulwark.jose;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;

/**
 * Which JCA providers sign and verify Bulwark's JWSs: Amazon Corretto Crypto Provider (AWS-LC, native) where its
 * library loads, else the pure-Java path (BouncyCastle verifies ES256, the JDK signs ES256 and verifies PS256, Tink
 * verifies EdDSA).
 * The one place that chooses; the choice is made once per process ({@link #active()}).
 */
public final class CryptoProviders {

    /** {@code -Dbulwark.crypto=java} forces the pure-Java path (benchmarks, a site that must not load native code); default {@code auto}. */
    public static final String PROPERTY = "bulwark.crypto";

    private final Provider ecdsaVerification;
    private final Provider rsaVerification;
    private final Provider ecdsaSigning;
    private final Provider ed25519;
    private final boolean nativeCode;
    private final String description;

    private CryptoProviders(Provider ecdsaVerification, Provider rsaVerification, Provider ecdsaSigning, Provider ed25519,
                            boolean nativeCode, String description) {
        this.ecdsaVerification = ecdsaVerification;
        this.rsaVerification = rsaVerification;
        this.ecdsaSigning = ecdsaSigning;
        this.ed25519 = ed25519;
        this.nativeCode = nativeCode;
        this.description = description;
    }

    /** The providers this process uses, chosen on first use from {@link #PROPERTY} and whether the native library loads. */
    public static CryptoProviders active() {
        return Chosen.ACTIVE;
    }

    /** The native providers, or empty when their library cannot load here (another CPU or libc). */
    public static Optional<CryptoProviders> nativeCrypto() {
        return nativeUnavailableBecause() == null ? Optional.of(accp()) : Optional.empty();
    }

    /** Today's pure-Java path, {@code why} it is in use. */
    public static CryptoProviders pureJava(String why) {
        // Not registered globally: TLS and everything else keep the JDK's providers.
        return new CryptoProviders(new BouncyCastleProvider(), jdk("SunRsaSign"), jdk("SunEC"), null, false,
                "pure Java (BouncyCastle verifies ES256, the JDK signs ES256 and verifies PS256, Tink verifies EdDSA): " + why);
    }

    /** The provider that verifies ES256 signatures. */
    public Provider ecdsaVerification() {
        return ecdsaVerification;
    }

    /** The provider that verifies PS256 signatures. */
    public Provider rsaVerification() {
        return rsaVerification;
    }

    /** The provider that makes Bulwark's own ES256 signatures. */
    public Provider ecdsaSigning() {
        return ecdsaSigning;
    }

    /** The JCA provider that verifies Ed25519, or empty when Nimbus' own (Tink) verifier does. */
    public Optional<Provider> ed25519() {
        return Optional.ofNullable(ed25519);
    }

    public boolean isNative() {
        return nativeCode;
    }

    /** Which provider is in use and why, for the start-up log. */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return isNative() ? "native" : "pure Java";
    }

    /** The native providers unless {@code property} (the value of {@link #PROPERTY}, may be null) says {@code java}. */
    static CryptoProviders choose(String property) {
        String forced = property == null ? "" : property.strip().toLowerCase(Locale.ROOT);
        if (forced.equals("java")) {
            return pureJava("forced by -D" + PROPERTY + "=java");
        }
        if (!forced.isEmpty() && !forced.equals("auto")) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + property + " is not understood: use java (pure Java) or auto (native where it loads)");
        }
        String unavailable = nativeUnavailableBecause();
        return unavailable == null ? accp() : pureJava("the native library did not load on this machine (" + unavailable + ")");
    }

    private static CryptoProviders accp() {
        // Passed to each signature and verifier, never installed globally: TLS (TlsPolicy) keeps the JDK's providers.
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        return new CryptoProviders(accp, accp, accp, accp, true, "native: Amazon Corretto Crypto Provider " + accp.getVersionStr()
                + " (" + accp.getAwsLcVersionStr() + ") signs and verifies ES256, PS256 and EdDSA");
    }

    /** Null when ACCP loaded and passed its self-tests; otherwise why not (another CPU or libc, a missing class). */
    private static String nativeUnavailableBecause() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                return accp.getLoadingError().toString();
            }
            accp.assertHealthy();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    private static Provider jdk(String name) {
        Provider provider = Security.getProvider(name);
        if (provider == null) {
            throw new IllegalStateException("the JDK's " + name + " provider is missing; Bulwark needs a full JDK 25 runtime");
        }
        return provider;
    }

    /** Holder: the choice is made on first use, once. */
    private static final class Chosen {
        static final CryptoProviders ACTIVE = choose(System.getProperty(PROPERTY));
    }
}
