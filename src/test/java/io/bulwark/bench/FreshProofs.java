package io.bulwark.bench;

import com.nimbusds.jose.jwk.JWK;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Signs a load segment's DPoP requests (a fresh access token, one proof per request) on a background thread while
 * the previous segment runs, so a long load never pauses to sign; proofs go stale after 60 s and each jti is single-use.
 */
final class FreshProofs implements AutoCloseable {

    /** A requests file for wrk, how many distinct proofs it holds, when its signing began (its oldest proof's iat), and how long it took. */
    record Segment(Path file, int proofs, Instant signedFrom, double signingSeconds) {
        /** Whether every proof is still younger than {@code maxAge} when a segment of {@code seconds} ends. */
        boolean freshThrough(int seconds, Duration maxAge) {
            return Instant.now().plusSeconds(seconds).isBefore(signedFrom.plus(maxAge));
        }
    }

    private final ExecutorService signer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("proof-signer").daemon().factory());
    private final Path dir;
    private final String baseUrl;
    private final List<String> paths;
    private final Supplier<String> token;
    private final JWK key;
    private int files;

    FreshProofs(Path dir, String baseUrl, List<String> paths, Supplier<String> token, JWK key) {
        this.dir = dir;
        this.baseUrl = baseUrl;
        this.paths = paths;
        this.token = token;
        this.key = key;
    }

    /** Starts signing {@code count} requests; two files alternate, so the one wrk is reading is never overwritten. */
    Future<Segment> prepare(int count) {
        Path file = dir.resolve("memory-" + (files++ % 2) + ".txt");
        return signer.submit(() -> {
            Instant start = Instant.now();
            Path written = Wrk.dpopRequests(file, baseUrl, paths, token.get(), key, count);
            return new Segment(written, count, start, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        });
    }

    @Override
    public void close() {
        signer.shutdownNow();
    }
}
