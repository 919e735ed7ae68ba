package io.bulwark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives wrk (keep-alive, fixed connections) with a Lua script that rotates over request paths,
 * adds fixed headers or per-request headers read from a file, can pace requests to a target rate,
 * and reports percentiles up to p99.9 on one parseable line.
 */
final class Wrk {

    private static final String SCRIPT = """
            local lines, n, headers, pace = {}, 0, {}, 0
            function init(args)
              -- args: <requests file> <pace ms per request per connection>
              for line in io.lines(args[1]) do table.insert(lines, line) end
              pace = tonumber(args[2])
            end
            function request()
              n = n + 1
              local fields = {}
              for field in string.gmatch(lines[(n - 1) % #lines + 1], "[^\\t]+") do table.insert(fields, field) end
              local h = {}
              for k = 2, #fields, 2 do h[fields[k]] = fields[k + 1] end
              return wrk.format("GET", fields[1], h)
            end
            function delay()
              return pace
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %.1f %.1f %.1f\\n", summary.requests,
                e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
            end
            """;

    /** What one wrk run measured (latencies in microseconds). */
    record Run(long requests, long errors, double seconds, double p50, double p99, double p999) {
    }

    private Wrk() {
    }

    /**
     * Runs wrk against {@code baseUrl}. Each line of {@code requests} is {@code path\tHeader\tvalue...};
     * requests cycle through the lines. {@code paceMillis} 0 means as fast as possible.
     */
    static Run run(String baseUrl, Path requests, int connections, int seconds, int paceMillis, Path workDir)
            throws IOException, InterruptedException {
        Path script = workDir.resolve("bench.lua");
        if (!Files.exists(script)) {
            Files.writeString(script, SCRIPT);
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", script.toString(), baseUrl, "--", requests.toString(), Integer.toString(paceMillis)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        String[] f = result.split(" ");
        return new Run(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]) / 1e6,
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }

    /**
     * Writes {@code count} gateway requests, cycling over {@code paths}, each with the DPoP-bound token and its
     * own proof (unique jti, htm GET, htu the request's URL, ath), signed now: a load generator cannot sign
     * per request at the rate it sends, so the proofs are made ahead, as the benchmark's brief asks.
     */
    static Path dpopRequests(Path file, String baseUrl, List<String> paths, String token, com.nimbusds.jose.jwk.JWK key, int count)
            throws IOException {
        StringBuilder text = new StringBuilder(count * 900);
        FastDpopProofs proofs = new FastDpopProofs((com.nimbusds.jose.jwk.ECKey) key, token);
        for (int i = 0; i < count; i++) {
            String path = paths.get(i % paths.size());
            text.append(path).append('\t').append("Authorization").append('\t').append("DPoP ").append(token)
                    .append('\t').append("DPoP").append('\t').append(proofs.proof("GET", baseUrl + path))
                    .append('\n');
        }
        return Files.writeString(file, text.toString());
    }

    /** Writes a requests file: one line per path, each with the same headers. */
    static Path requests(Path file, List<String> paths, Map<String, String> headers) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String path : paths) {
            text.append(path);
            headers.forEach((name, value) -> text.append('\t').append(name).append('\t').append(value));
            text.append('\n');
        }
        return Files.writeString(file, text.toString());
    }
}
