package io.bulwark.cli;

import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoClient;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.demo.DemoUser;
import io.bulwark.demo.bank.BankData;
import io.bulwark.demo.traffic.DemoTraffic;
import io.bulwark.demo.traffic.TrafficSettings;
import io.bulwark.logging.LogFormat;
import io.bulwark.logging.LogOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code bulwark demo}: the authorization server, the gateway and the demo bank, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the authorization server (https://localhost:8443), the gateway (https://localhost:9443), "
                + "the management listener (https://127.0.0.1:9000: health, metrics) and the demo bank behind the gateway "
                + "(mTLS only), on an embedded store in the data folder.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "bulwark-data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--as-port", defaultValue = "8443", description = "Authorization server port (default: ${DEFAULT-VALUE}).")
    int asPort;

    @Option(names = "--gateway-port", defaultValue = "9443", description = "Gateway port (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--bank-port", defaultValue = "8444", description = "Demo bank port, mTLS only (default: ${DEFAULT-VALUE}).")
    int bankPort;

    @Option(names = "--management-port", defaultValue = "9000",
            description = "Management listener port on 127.0.0.1: /health/live, /health/ready, /metrics (default: ${DEFAULT-VALUE}).")
    int managementPort;

    @Option(names = "--requests-per-ip", defaultValue = "1200", paramLabel = "N",
            description = "Requests a minute each source address may send the gateway and, apart, the authorization server "
                    + "(default: ${DEFAULT-VALUE}; raise it to load-test from one machine).")
    long requestsPerIp;

    @Mixin
    TrafficOptions traffic = new TrafficOptions();

    @Override
    public Integer call() throws Exception {
        TrafficSettings trafficSettings = trafficSettings();
        if (traffic.out != null) {
            DemoTraffic.writeOffline(trafficSettings, traffic.out, System.out);
            return 0;
        }
        if (requestsPerIp < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--requests-per-ip must be at least 1 (requests a minute per source address), not " + requestsPerIp);
        }
        // Text for people at a terminal, unless BULWARK_LOG_FORMAT says otherwise.
        LogOutput.use(LogFormat.choose(System.getenv(), java.util.Optional.empty(), LogFormat.TEXT));
        long started = System.nanoTime();
        Demo demo = Demo.start(dataDir, new DemoPorts(asPort, gatewayPort, bankPort), Clock.systemUTC(), requestsPerIp, managementPort);
        printBanner(System.out, demo, (System.nanoTime() - started) / 1_000_000);
        DemoTraffic.Running running;
        try {
            running = traffic.enabled ? DemoTraffic.startLive(demo, trafficSettings, System.out) : null;
        } catch (Exception e) {
            // The traffic could not start (a sign-in refused, say): the demo stops rather than run without what was asked.
            demo.close();
            throw e;
        }
        Shutdown.awaitThenRun(() -> {
            System.out.println("Stopping Bulwark demo...");
            if (running != null) {
                running.close();
            }
            demo.close();
            System.out.println("Stopped.");
        });
        return 0;
    }

    /** The traffic options checked, with a message that names the option to fix. */
    private TrafficSettings trafficSettings() {
        picocli.CommandLine commandLine = new picocli.CommandLine(this);
        if (traffic.out != null && !traffic.enabled) {
            throw new picocli.CommandLine.ParameterException(commandLine, "--traffic-out writes traffic: add --traffic");
        }
        try {
            return traffic.settings();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private static void printBanner(PrintStream out, Demo demo, long millis) {
        DemoEnvironment env = demo.environment();
        BankData bank = demo.bankData();
        List<DemoUser> users = demo.users();
        Path cwd = Path.of("").toAbsolutePath();
        String data = show(cwd, env.dataDir());
        out.printf("%nBulwark demo started in %d ms.%n%n", millis);
        out.printf("  Authorization server  https://localhost:%d   (metadata: /.well-known/oauth-authorization-server)%n", env.ports().authorizationServer());
        out.printf("  Gateway               https://localhost:%d/bank/v1%n", env.ports().gateway());
        out.printf("  Demo bank (upstream)  https://localhost:%d   mTLS: admits only the gateway's certificate%n", env.ports().bank());
        out.printf("  Management            https://127.0.0.1:%d   (/health/live, /health/ready; loopback only)%n", demo.node().managementPort());
        out.printf("  Dev CA to trust       %s%n", show(cwd, env.caCertificate()));
        out.printf("  Data folder           %s%n%n", data);
        out.println("  Demo clients (credentials: private JWKs, or the client certificate beside the file):");
        for (DemoClient client : env.clients()) {
            out.printf("    %-14s %s%n                   %s, %s-bound tokens; scopes: %s%n", client.clientId(), show(cwd, client.file()),
                    client.authMethod(), client.senderConstraint().equals("mtls") ? "certificate" : "DPoP",
                    String.join(" ", new TreeSet<>(client.scopes())));
        }
        out.println();
        out.printf("  Sign-in (authorization code + PAR + PKCE S256): POST /par, then the browser to /authorize;%n");
        out.printf("  codes are sent to %s%n%n", DemoEnvironment.CALLBACK);
        out.println("  Demo users (customers of the demo bank; each owns different accounts):");
        for (DemoUser user : users) {
            String accounts = bank.accountsOf(user.subject()).stream()
                    .map(a -> a.type().name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
            out.printf("    %-7s %-18s accounts: %s%n", user.username(), user.displayName(), accounts);
            out.printf("            password: %s   (kept in %s)%n", user.password(), show(cwd, user.file()));
            out.printf("            TOTP (payments): %s%n", user.otpauthUri());
            out.printf("            current code:    ./bulwark users totp %s --data-dir %s%n", user.username(), data);
        }
        out.println();
        out.println("Bulwark demo is ready. Press Ctrl-C to stop.");
        out.flush();
    }

    private static String show(Path cwd, Path path) {
        return path.startsWith(cwd) ? "./" + cwd.relativize(path) : path.toString();
    }
}
