package io.bulwark.demo;

import io.bulwark.config.BulwarkConfig;
import io.bulwark.config.ManagementConfig;
import io.bulwark.config.ProtectionConfig;
import io.bulwark.config.RateLimitsConfig;
import io.bulwark.oauth.users.Base32;
import io.bulwark.runtime.BulwarkNode;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/** A running demo: the demo bank and a Bulwark node in front of it, stopped together. */
public final class Demo implements AutoCloseable {

    private final DemoEnvironment environment;
    private final DemoBankServer bank;
    private final BulwarkNode node;
    private final List<DemoUser> users;

    private Demo(DemoEnvironment environment, DemoBankServer bank, BulwarkNode node, List<DemoUser> users) {
        this.environment = environment;
        this.bank = bank;
        this.node = node;
        this.users = users;
    }

    /** The demo with the default limit of requests per source address, its management listener on any free port. */
    public static Demo start(Path dataDir, DemoPorts ports, InstantSource clock) {
        return start(dataDir, ports, clock, RateLimitsConfig.DEFAULT_PER_IP_PER_MINUTE, 0);
    }

    /**
     * @param requestsPerIpPerMinute what each source address may send the gateway and the authorization server, each
     * @param managementPort         the management listener's port on 127.0.0.1 (0: any free port)
     */
    public static Demo start(Path dataDir, DemoPorts ports, InstantSource clock, long requestsPerIpPerMinute, int managementPort) {
        DemoEnvironment environment = DemoEnvironment.prepare(dataDir, ports);
        DemoBankServer bank = DemoBankServer.start(environment.bankIdentity(),
                environment.bankTrustedClientCertificate(), ports.bank());
        BulwarkNode node = null;
        try {
            BulwarkConfig config = environment.config();
            ProtectionConfig protection = config.protection();
            config = new BulwarkConfig(config.source(), config.dataDir(), config.masterKey(), config.store(), config.authorizationServer(),
                    config.gateway(), config.clients(), new ProtectionConfig(protection.redis(),
                    RateLimitsConfig.perIpPerMinute(requestsPerIpPerMinute), protection.limits(), protection.authenticationGuard()),
                    ManagementConfig.loopback(managementPort), config.securityEvents(), config.tracing(), config.audit(),
                    config.anomaly());
            node = BulwarkNode.start(config, clock, new BankAccountDirectory(bank.data()));
            // The bank's customers sign in at the authorization server with the credentials kept in demo/users/.
            List<DemoUser> users = DemoUsers.prepare(environment.dataDir(), bank.data().customers());
            for (DemoUser user : users) {
                node.users().ensure(user.username(), user.subject(), user.displayName(), user.password(),
                        Base32.decode(user.totpSecret()));
            }
            return new Demo(environment, bank, node, users);
        } catch (RuntimeException e) {
            if (node != null) {
                node.close();
            }
            bank.close();
            throw e;
        }
    }

    /** The demo users (the bank's customers) and their credentials. */
    public List<DemoUser> users() {
        return users;
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
