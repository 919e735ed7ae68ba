package io.bulwark.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.config.TlsFiles;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.jose.CanonicalJws;
import io.bulwark.testing.DpopProofs;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issue 10's token-endpoint comparison (`bench/token-endpoint.sh`): client_credentials against the packaged product
 * (`bulwark.jar demo`) and against panva's certified oidc-provider ({@link OidcProviderPeer}), each in its own process,
 * in one run: private_key_jwt (ES256) + DPoP-bound tokens, and tls_client_auth + certificate-bound tokens; the same load
 * generator ({@link TokenLoad}) for both, rounds interleaved, medians, server CPU per token from /proc; then paced rounds of
 * Bulwark at half its throughput. Prints the targets as MET or MISSED.
 */
public final class TokenEndpointBenchmark {

    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    // Bulwark is a large Java program: after 15 s its JIT compiler is still busy and a token costs twice the CPU it costs later.
    private static final long WARMUP = Long.getLong("bench.warmup", 30);
    private static final long MAX_WARMUP = Long.getLong("bench.maxWarmup", 120);
    // Requests made ahead per second of a round before a target's throughput is known; later twice its best so far (at
    // least a quarter of this), since on a machine busy with other work a server can be much faster in the next round.
    private static final double FIRST_ESTIMATE = Integer.getInteger("bench.requestsPerSecond", 4000);
    // Seconds from the first request made ahead to the end of its round: well under the 60 s a DPoP proof is accepted.
    private static final long MAX_PROOF_AGE = 45;
    private static final double TARGET_RATIO = 3.0;
    private static final double TARGET_P99_MILLIS = 10.0;
    // JVM options for the Bulwark process, e.g. -XX:StartFlightRecording=filename=/tmp/as.jfr,settings=profile to profile it.
    private static final List<String> BULWARK_JVM = System.getProperty("bench.bulwarkJavaOpts", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.bulwarkJavaOpts").trim().split("\\s+"));
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** A variant as both servers serve it; {@code bearer} is oidc-provider without DPoP, for information, or null. */
    private record Comparison(String variant, TokenLoad.Target bulwark, TokenLoad.Target peer, TokenLoad.Target bearer) {

        List<TokenLoad.Target> targets(int round) {
            List<TokenLoad.Target> peers = bearer == null ? List.of(peer) : List.of(peer, bearer);
            List<TokenLoad.Target> all = new ArrayList<>();
            // Alternate who goes first, so neither server always runs right after the other's load.
            if (round % 2 == 1) {
                all.add(bulwark);
                all.addAll(peers);
            } else {
                all.addAll(peers);
                all.add(bulwark);
            }
            return all;
        }
    }

    private final TokenLoad load = new TokenLoad(CONCURRENCY);
    private final Map<TokenLoad.Target, Double> estimates = new HashMap<>();
    private final Map<TokenLoad.Target, Double> makingRates = new HashMap<>();
    private boolean anyInvalid;

    public static void main(String[] args) throws Exception {
        new TokenEndpointBenchmark().run(Path.of(args.length > 0 ? args[0] : "target/bulwark.jar"));
    }

    private void run(Path jar) throws Exception {
        Path data = Files.createTempDirectory("bulwark-bench-token");
        int as = FreePorts.next();
        int peerPort = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(BULWARK_JVM);
        command.addAll(List.of("-jar", jar.toString(), "demo", "--data-dir", data.toString(),
                "--as-port", Integer.toString(as), "--gateway-port", Integer.toString(FreePorts.next()), "--bank-port", Integer.toString(FreePorts.next()),
                "--management-port", Integer.toString(FreePorts.next()),
                // The load comes from one address: the demo's 1200 a minute per address would refuse it.
                "--requests-per-ip", "1000000000"));
        try (ServerProcess bulwark = ServerProcess.start(command,
                data.resolveSibling(data.getFileName() + ".log"), "Bulwark demo is ready")) {
            Path clients = data.resolve("demo/clients");
            Path credentials = clients.resolve("demo-service.json");
            ECKey key = DemoClientCredentials.privateKey(credentials);
            ECKey dpopKey = DemoClientCredentials.dpopKey(credentials);
            Path tls = data.resolve("tls");
            Path ca = tls.resolve("ca.pem");
            TlsFiles mtlsIdentity = new TlsFiles(clients.resolve("demo-mtls.crt"), clients.resolve("demo-mtls.key"));
            String subjectDn = DemoClientCredentials.field(clients.resolve("demo-mtls.json"), "tls_client_auth_subject_dn");

            // The same client keys, CA and client certificate as the demo's clients; the same server certificate as Bulwark's.
            Map<String, OidcProviderPeer.Client> peerClients = new LinkedHashMap<>();
            peerClients.put("demo-service", OidcProviderPeer.Client.privateKeyJwt("products:read", key, true));
            peerClients.put("demo-service-bearer", OidcProviderPeer.Client.privateKeyJwt("products:read", key, false));
            peerClients.put("demo-mtls", OidcProviderPeer.Client.tlsClientAuth("accounts:read balances:read products:read", subjectDn));
            try (ServerProcess peer = OidcProviderPeer.start(data, peerPort,
                    new TlsFiles(tls.resolve("authorization-server.pem"), tls.resolve("authorization-server.key")), ca, peerClients)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TlsPolicy.jdkClientContext(ca)).build();
                HttpClient mtls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(TlsPolicy.jdkClientContext(mtlsIdentity, ca)).build();
                String bulwarkIssuer = "https://localhost:" + as;
                String peerIssuer = "https://localhost:" + peerPort;
                String oidc = "oidc-provider " + OidcProviderPeer.version();

                // FAPI 2.0 issues only sender-constrained tokens, so Bulwark has no bearer variant: the other binding FAPI allows
                // is mTLS client authentication with a certificate-bound token.
                Comparison dpop = new Comparison("private_key_jwt + DPoP",
                        new TokenLoad.Target("Bulwark, private_key_jwt + DPoP", http, dpopRequest(key, dpopKey, "demo-service", bulwarkIssuer), bulwark),
                        new TokenLoad.Target("oidc-provider, private_key_jwt + DPoP", http, dpopRequest(key, dpopKey, "demo-service", peerIssuer), peer),
                        new TokenLoad.Target("oidc-provider, private_key_jwt, Bearer", http, dpopRequest(key, null, "demo-service-bearer", peerIssuer), peer));
                Comparison certificate = new Comparison("tls_client_auth + certificate-bound",
                        new TokenLoad.Target("Bulwark, tls_client_auth + cert-bound", mtls, mtlsRequest(bulwarkIssuer), bulwark),
                        new TokenLoad.Target("oidc-provider, tls_client_auth + cert-bound", mtls, mtlsRequest(peerIssuer), peer), null);
                List<Comparison> comparisons = List.of(dpop, certificate);

                String jkt = dpopKey.computeThumbprint().toString();
                String x5t = certificateThumbprint(mtlsIdentity.certificateChain());
                System.out.println("Sanity check, one token from each server and variant:");
                System.out.println("  " + IssuedTokenCheck.check(dpop.bulwark(), "DPoP", "jkt", jkt));
                System.out.println("  " + IssuedTokenCheck.check(dpop.peer(), "DPoP", "jkt", jkt));
                System.out.println("  " + IssuedTokenCheck.check(dpop.bearer(), "Bearer", null, null));
                System.out.println("  " + IssuedTokenCheck.check(certificate.bulwark(), "Bearer", "x5t#S256", x5t));
                System.out.println("  " + IssuedTokenCheck.check(certificate.peer(), "Bearer", "x5t#S256", x5t));

                System.out.printf("%nToken endpoint benchmark: Bulwark (%s) against %s (Node %s, one process, NODE_ENV=production); "
                        + "%d concurrent clients (Java HttpClient, HTTP/1.1 keep-alive TLS), %d-%d s warm-up per target (longer while a JVM still compiles), %d interleaved rounds "
                        + "of %d s; %d cores shared by both servers and the load generator (Bulwark's JVM may use both, Node's "
                        + "JavaScript runs on one: CPU per token is the fairer figure).%n", jar, oidc, nodeVersion(peer), CONCURRENCY, WARMUP,
                        Math.max(WARMUP, MAX_WARMUP), ROUNDS, ROUND.toSeconds(), Runtime.getRuntime().availableProcessors());
                for (Comparison comparison : comparisons) {
                    for (TokenLoad.Target target : comparison.targets(1)) {
                        warmUp(target);
                    }
                }
                Map<TokenLoad.Target, List<LoadResult>> results = new LinkedHashMap<>();
                for (Comparison comparison : comparisons) {
                    comparison.targets(1).forEach(t -> results.put(t, new ArrayList<>()));
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    for (Comparison comparison : comparisons) {
                        for (TokenLoad.Target target : comparison.targets(round)) {
                            measure("round " + round, target, ROUND, 0).ifPresent(results.get(target)::add);
                        }
                    }
                }
                Map<TokenLoad.Target, double[]> medians = report("median of rounds", results);
                System.out.println();
                for (Comparison c : comparisons) {
                    System.out.printf("%-36s Bulwark / oidc-provider: throughput %.2f x, oidc-provider CPU per token / Bulwark's %.2f x%n",
                            c.variant(), medians.get(c.bulwark())[0] / medians.get(c.peer())[0],
                            medians.get(c.peer())[3] / medians.get(c.bulwark())[3]);
                    if (c.bearer() != null) {
                        System.out.printf("%-36s (oidc-provider without DPoP: throughput %.2f x, CPU per token %.2f x)%n", "",
                                medians.get(c.bulwark())[0] / medians.get(c.bearer())[0], medians.get(c.bearer())[3] / medians.get(c.bulwark())[3]);
                    }
                }

                // p99 at half load: each of Bulwark's variants paced at half its own median throughput, rounds interleaved.
                Map<TokenLoad.Target, List<LoadResult>> paced = new LinkedHashMap<>();
                comparisons.forEach(c -> paced.put(c.bulwark(), new ArrayList<>()));
                System.out.printf("%nPaced rounds: Bulwark at half its median throughput, each of %d clients on a fixed schedule%n", CONCURRENCY);
                for (int round = 1; round <= ROUNDS; round++) {
                    for (Comparison c : comparisons) {
                        measure("paced " + round, c.bulwark(), ROUND, medians.get(c.bulwark())[0] / 2).ifPresent(paced.get(c.bulwark())::add);
                    }
                }
                Map<TokenLoad.Target, double[]> pacedMedians = report("median of paced rounds", paced);
                targets(comparisons, medians, pacedMedians);
            }
        }
        // The data folder holds private keys (the demo's, oidc-provider's signing key); the logs beside it stay.
        try (var files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        if (anyInvalid) {
            System.out.println("\nSome rounds had refused or failed requests (see above): they were left out of the medians.");
            System.exit(1);
        }
    }

    private void warmUp(TokenLoad.Target target) throws Exception {
        // A short first part measures the target's rate, so the later parts sign only as many requests as it can use.
        long spent = Math.min(3, WARMUP);
        Optional<LoadResult> last = measure("warm-up", target, Duration.ofSeconds(spent), 0);
        // At least WARMUP s; longer while a JVM's JIT compiler still takes a noticeable share of its CPU (on a busy machine a
        // slow warm-up covers less of the code), up to MAX_WARMUP; in parts of 10 s, so that no DPoP proof made ahead goes stale.
        while (spent < WARMUP || (last.isEmpty() || last.get().jitCpuSeconds() > 0.05 * last.get().serverCpuSeconds()) && spent < MAX_WARMUP) {
            long part = Math.min(10, Math.max(WARMUP, MAX_WARMUP) - spent);
            last = measure("warm-up", target, Duration.ofSeconds(part), 0);
            spent += part;
        }
    }

    /** One round; its result, unless a request failed (then the round is printed as failed and left out). */
    private Optional<LoadResult> measure(String label, TokenLoad.Target target, Duration length, double rate) throws Exception {
        double perSecond = rate > 0 ? rate * 1.1 + 10 : estimates.containsKey(target)
                ? Math.max(2 * estimates.get(target), FIRST_ESTIMATE / 4) : FIRST_ESTIMATE;
        int requests = (int) Math.ceil(length.toSeconds() * perSecond) + CONCURRENCY;
        if (makingRates.containsKey(target)) {
            // DPoP proofs are refused from 60 s of age (Bulwark's default): the first one made must still be young at the end.
            requests = (int) Math.min(requests, makingRates.get(target) * Math.max(5, MAX_PROOF_AGE - length.toSeconds()));
        }
        TokenLoad.Round round = load.run(target.name(), target, length, requests, rate);
        makingRates.put(target, round.madePerSecond());
        LoadResult result = round.result();
        if (rate == 0) {
            estimates.merge(target, result.throughput(), Math::max);
        }
        // The JVM's JIT compiler threads' share is printed apart: a still-warming JVM shows here (Node's compiler is not counted).
        System.out.printf("%-8s %s%s%n", label, result.line(), result.jitCpuSeconds() > 0 ? String.format("  JIT %.3f ms/req", result.jitMillisPerRequest()) : "");
        if (round.ranOut()) {
            System.out.printf("         ! the round used all %d requests made for it before its end (raise -Dbench.requestsPerSecond)%n", requests);
        }
        if (!round.valid()) {
            anyInvalid = true;
            System.out.printf("         ! FAILED round: %d requests not answered 200; first: %s%n", result.failed(),
                    round.firstFailure() == null ? "none answered" : round.firstFailure().lines().findFirst().orElse(""));
            return Optional.empty();
        }
        return Optional.of(result);
    }

    private static Map<TokenLoad.Target, double[]> report(String title, Map<TokenLoad.Target, List<LoadResult>> results) {
        System.out.printf("%n%-48s %10s %9s %9s %14s   %s%n", title, "tokens/s", "p50 ms", "p99 ms", "CPU ms/token", "tokens/s of each round");
        Map<TokenLoad.Target, double[]> medians = new LinkedHashMap<>();
        results.forEach((target, rounds) -> {
            double[] m = {LoadResult.median(rounds.stream().mapToDouble(LoadResult::throughput)),
                    LoadResult.median(rounds.stream().mapToDouble(r -> r.percentileMillis(50))),
                    LoadResult.median(rounds.stream().mapToDouble(r -> r.percentileMillis(99))),
                    LoadResult.median(rounds.stream().mapToDouble(LoadResult::cpuMillisPerRequest))};
            medians.put(target, m);
            System.out.printf("%-48s %10.0f %9.2f %9.2f %14.3f   %s%n", target.name(), m[0], m[1], m[2], m[3],
                    rounds.stream().map(r -> String.format("%.0f", r.throughput())).toList());
        });
        return medians;
    }

    private static void targets(List<Comparison> comparisons, Map<TokenLoad.Target, double[]> medians, Map<TokenLoad.Target, double[]> paced) {
        System.out.printf("%ntargets (oidc-provider like for like: DPoP required for the DPoP client, certificate-bound tokens for the mTLS one):%n");
        for (Comparison c : comparisons) {
            double ratio = medians.get(c.bulwark())[0] / medians.get(c.peer())[0];
            System.out.printf("  %-36s Bulwark >= %.0f x oidc-provider:  %.0f / %.0f tokens/s = %.2f x   %s%n", c.variant(), TARGET_RATIO,
                    medians.get(c.bulwark())[0], medians.get(c.peer())[0], ratio, verdict(ratio >= TARGET_RATIO));
        }
        for (Comparison c : comparisons) {
            double p99 = paced.get(c.bulwark())[2];
            System.out.printf("  %-36s Bulwark p99 < %.0f ms at half load (%.0f tokens/s):  %.2f ms   %s%n", c.variant(), TARGET_P99_MILLIS,
                    paced.get(c.bulwark())[0], p99, verdict(p99 < TARGET_P99_MILLIS));
        }
    }

    private static String verdict(boolean met) {
        // A NaN (no valid round) compares false: MISSED, never MET by accident.
        return met ? "MET" : "MISSED";
    }

    /** Requests of a private_key_jwt client; with a DPoP proof when {@code dpopKey} is given. */
    /** client_credentials as the demo's machine client asks for it at {@code demo}: private_key_jwt and a DPoP proof. */
    static TokenLoad.Target privateKeyJwtWithDpop(String name, HttpClient http, DemoProcess demo) throws JOSEException {
        Path credentials = demo.clientFile("demo-service");
        return new TokenLoad.Target(name, http, dpopRequest(DemoClientCredentials.privateKey(credentials),
                DemoClientCredentials.dpopKey(credentials), "demo-service", demo.issuer()), demo.server());
    }

    static Supplier<HttpRequest> dpopRequest(ECKey key, ECKey dpopKey, String clientId, String issuer) throws JOSEException {
        String endpoint = issuer + "/token";
        // The native signer Bulwark itself uses: the requests of a round are made sooner, so its proofs are younger.
        JWSSigner signer = CanonicalJws.lowSSigner(key);
        return () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + URLEncoder.encode("products:read", StandardCharsets.UTF_8)
                            + "&client_assertion_type=" + URLEncoder.encode(ASSERTION_TYPE, StandardCharsets.UTF_8)
                            + "&client_assertion=" + assertion(signer, key.getKeyID(), clientId, issuer)));
            if (dpopKey != null) {
                request.header("DPoP", DpopProofs.proof(dpopKey, "POST", endpoint));
            }
            return request.build();
        };
    }

    private static Supplier<HttpRequest> mtlsRequest(String issuer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=demo-mtls&scope=accounts%3Aread")).build();
        return () -> request;
    }

    private static String assertion(JWSSigner signer, String keyId, String clientId, String issuer) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .jwtID(UUID.randomUUID().toString()).build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** RFC 8705 §3.1: base64url of the SHA-256 of the certificate's DER encoding. */
    private static String certificateThumbprint(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)).toString();
        }
    }

    private static String nodeVersion(ServerProcess peer) throws Exception {
        String log = Files.readString(peer.log());
        int at = log.indexOf("(Node ");
        return at < 0 ? "?" : log.substring(at + 6, log.indexOf(',', at));
    }
}
