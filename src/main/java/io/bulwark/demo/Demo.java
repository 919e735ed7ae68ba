package io.bulwark.demo;

import io.bulwark.runtime.BulwarkNode;

import java.nio.file.Path;
import java.time.InstantSource;

/** A running demo: the demo bank and a Bulwark node in front of it, stopped together. */
public final class Demo implements AutoCloseable {

    private final DemoEnvironment environment;
    private final DemoBankServer bank;
    private final BulwarkNode node;

    private Demo(DemoEnvironment environment, DemoBankServer bank, BulwarkNode node) {
        this.environment = environment;
        this.bank = bank;
        this.node = node;
    }

    public static Demo start(Path dataDir, DemoPorts ports, InstantSource clock) {
        DemoEnvironment environment = DemoEnvironment.prepare(dataDir, ports);
        DemoBankServer bank = DemoBankServer.start(environment.bankIdentity(),
                environment.bankTrustedClientCertificate(), ports.bank());
        try {
            return new Demo(environment, bank, BulwarkNode.start(environment.config(), clock));
        } catch (RuntimeException e) {
            bank.close();
            throw e;
        }
    }

    public DemoEnvironment environment() {
        return environment;
    }

    /** The demo bank's data (customers and accounts), for the banner and tests. */
    public io.bulwark.demo.bank.BankData bankData() {
        return bank.data();
    }

    public BulwarkNode node() {
        return node;
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            bank.close();
        }
    }
}
