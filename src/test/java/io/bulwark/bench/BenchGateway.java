package io.bulwark.bench;

import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoPorts;
import io.bulwark.runtime.BulwarkNode;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The authorization server and gateway of a demo data folder, without the demo bank (the
 * benchmark runs the bank in its own process). Args: dataDir asPort gatewayPort bankPort.
 */
public final class BenchGateway {

    public static void main(String[] args) {
        DemoPorts ports = new DemoPorts(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        DemoEnvironment environment = DemoEnvironment.prepare(Path.of(args[0]), ports);
        BulwarkNode node = BulwarkNode.start(environment.config(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("bench gateway ready: " + String.join(" -> ", node.pipelineSteps()));
    }
}
