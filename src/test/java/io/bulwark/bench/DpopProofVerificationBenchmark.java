package io.bulwark.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import io.bulwark.jose.CryptoProviders;
import io.bulwark.oauth.dpop.DpopNonces;
import io.bulwark.oauth.dpop.DpopProofException;
import io.bulwark.oauth.dpop.DpopProofVerifier;
import io.bulwark.oauth.dpop.VerifiedDpopProof;
import io.bulwark.store.InMemoryReplayGuard;
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

import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: what one resource-request DPoP proof verification costs alone (RFC 9449 §4.3 and §7.1: ES256
 * signature, claims, htm/htu, ath, and the jti recorded in the in-process replay guard), the term
 * the gateway benchmark adds to scenario (b)'s CPU per request to form scenario (c)'s target.
 * Each invocation verifies a distinct proof made in the iteration's set-up, as a gateway sees them.
 * {@code crypto} picks the signature providers ({@link CryptoProviders#PROPERTY}): {@code auto} as the product runs,
 * {@code java} the pure-Java fallback; JMH runs each value in its own forked JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DpopProofVerificationBenchmark {

    /** Proofs made per iteration; an iteration that needs more fails rather than measuring a replay refusal. */
    static final int PROOFS = Integer.getInteger("bench.dpopProofs", 40_000);
    private static final String URL = "https://localhost:9443/bank/v1/accounts";
    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl";

    private final ECKey key = JwtFactory.ecKey("bench-dpop");
    private final URI url = URI.create(URL);
    private String jkt;
    private String[] proofs;
    private int next;
    private DpopProofVerifier verifier;

    @Param({"auto"})
    public String crypto;

    @Setup(Level.Trial)
    public void key() throws Exception {
        ForcedCrypto.apply(crypto);
        jkt = JWKThumbprintConfirmation.of(key.toPublicJWK()).getValue().toString();
    }

    @Setup(Level.Iteration)
    public void freshProofs() {
        Clock clock = Clock.systemUTC();
        verifier = new DpopProofVerifier(new InMemoryReplayGuard(clock),
                new DpopNonces(new SecretKeySpec(new byte[32], "HmacSHA256"), clock), false, Duration.ofSeconds(60), clock);
        proofs = new String[PROOFS];
        // One header for all, as a client's proofs have: verification remembers it after the first (DpopProofVerifier).
        FastDpopProofs maker = new FastDpopProofs(key, TOKEN);
        for (int i = 0; i < PROOFS; i++) {
            proofs[i] = maker.proof("GET", URL);
        }
        next = 0;
    }

    @Benchmark
    public VerifiedDpopProof verifyResourceProof() throws DpopProofException {
        if (next == proofs.length) {
            throw new IllegalStateException("ran out of pre-made proofs: raise -Dbench.dpopProofs");
        }
        return verifier.verifyResourceRequest(List.of(proofs[next++]), "GET", url, TOKEN, jkt);
    }
}
