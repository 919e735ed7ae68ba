package io.bulwark.cli;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.gateway.PipelineOrderException;
import io.bulwark.logging.LogFormat;
import io.bulwark.logging.LogOutput;
import io.bulwark.runtime.BulwarkNode;
import io.bulwark.runtime.PipelineCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bulwark serve --config FILE}: a real deployment from {@code bulwark.yaml}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the authorization server and the gateway as bulwark.yaml declares them.")
final class ServeCommand implements Callable<Integer> {

    /** Exit status when the configuration is invalid (nothing was started). */
    static final int CONFIG_ERROR = 2;

    @Option(names = "--config", required = true, description = "The bulwark.yaml file (see config/bulwark.yaml).")
    Path config;

    @Option(names = "--check", description = "Validate the configuration and its files, then exit without starting.")
    boolean check;

    @Override
    public Integer call() {
        BulwarkConfig loaded;
        try {
            // JSON lines unless bulwark.yaml's logging.format or BULWARK_LOG_FORMAT says otherwise; chosen before anything logs.
            LogOutput.use(LogFormat.choose(System.getenv(), ConfigLoader.logging(config).format(), LogFormat.JSON));
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("bulwark: invalid configuration, nothing was started.");
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        }
        if (check) {
            List<String> steps;
            try {
                // The pipeline is assembled for real (no listener, a scratch store), so its order is checked here too.
                steps = PipelineCheck.assemble(loaded);
            } catch (PipelineOrderException e) {
                System.err.println("bulwark: the gateway pipeline is invalid, nothing was started.");
                System.err.println(e.getMessage());
                return CONFIG_ERROR;
            } catch (RuntimeException e) {
                System.err.println("bulwark: the configuration reads well, but the gateway cannot be assembled from it: " + e.getMessage());
                return CONFIG_ERROR;
            }
            System.out.println(config + ": configuration is valid.");
            System.out.println("Gateway pipeline: " + String.join(" -> ", steps));
            return 0;
        }
        BulwarkNode node;
        try {
            node = BulwarkNode.start(loaded, Clock.systemUTC());
        } catch (PipelineOrderException e) {
            // The gateway's steps are checked as they are assembled: an order that cannot work is refused like bad config.
            System.err.println("bulwark: the gateway pipeline is invalid, nothing was started.");
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        }
        System.out.printf("Bulwark is serving: authorization server on port %d, gateway on port %d, management on https://%s:%d.%n",
                node.authorizationServerPort(), node.gatewayPort(), host(loaded.management().listen().host()), node.managementPort());
        System.out.printf("Gateway pipeline: %s%n", String.join(" -> ", node.pipelineSteps()));
        HangupReload.install(config, node);
        System.out.printf("Send SIGHUP (kill -HUP %d) to reload %s.%n", ProcessHandle.current().pid(), config);
        Shutdown.awaitThenRun(node::close);
        return 0;
    }

    // An IPv6 literal goes in brackets in a URL (RFC 3986 §3.2.2).
    private static String host(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
