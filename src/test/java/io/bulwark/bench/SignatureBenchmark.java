package io.bulwark.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.jose.JwsSignatures;
import io.bulwark.testing.JwtFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: one JWS signature check through {@link JwsSignatures} per algorithm Bulwark accepts (parse included), and one
 * low-S ES256 signature as the identity assertion and access tokens are signed, per {@code crypto} provider choice.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    @Param({"auto", "java"})
    public String crypto;

    private final JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://gateway.example").subject("alice")
            .audience("accounts").claim("client_id", "demo-service").claim("scope", "accounts payments").jwtID("req-1").build();
    private JWSSigner signer;
    private String es256;
    private List<JWK> ecKeys;
    private String ps256;
    private List<JWK> rsaKeys;
    private String eddsa;
    private List<JWK> edKeys;

    @Setup(Level.Trial)
    public void keys() throws JOSEException {
        ForcedCrypto.apply(crypto);
        ECKey ec = JwtFactory.ecKey("ec");
        RSAKey rsa = JwtFactory.rsaKey("rsa", 2048);
        OctetKeyPair ed = JwtFactory.edKey("ed");
        es256 = JwtFactory.sign(ec, JWSAlgorithm.ES256, JOSEObjectType.JWT, claims);
        ps256 = JwtFactory.sign(rsa, JWSAlgorithm.PS256, JOSEObjectType.JWT, claims);
        eddsa = JwtFactory.sign(ed, JWSAlgorithm.EdDSA, JOSEObjectType.JWT, claims);
        ecKeys = List.of(ec.toPublicJWK());
        rsaKeys = List.of(rsa.toPublicJWK());
        edKeys = List.of(ed.toPublicJWK());
        signer = JwtFactory.signer(ec);
    }

    @Benchmark
    public boolean verifyEs256() throws Exception {
        return check(es256, ecKeys);
    }

    @Benchmark
    public boolean verifyPs256() throws Exception {
        return check(ps256, rsaKeys);
    }

    @Benchmark
    public boolean verifyEdDsa() throws Exception {
        return check(eddsa, edKeys);
    }

    @Benchmark
    public String signEs256() throws JOSEException {
        // As IdentityAssertionSigner: the signer is built once per key, each request signs a new JWS.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID("ec").build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static boolean check(String compact, List<JWK> keys) throws Exception {
        if (!JwsSignatures.verify(SignedJWT.parse(compact), keys)) {
            throw new IllegalStateException("a genuine signature failed to verify");
        }
        return true;
    }
}
