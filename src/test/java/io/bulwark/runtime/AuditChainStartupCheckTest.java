package io.bulwark.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bulwark.audit.ChainedAuditRecord;
import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoPorts;
import io.bulwark.testing.FreePorts;
import io.bulwark.tls.TlsPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node started on an audit store that was tampered with while it was down: the start-up check raises an
 * {@code audit_chain_broken} security event on the {@code bulwark.security} log, and the node serves all the same.
 */
class AuditChainStartupCheckTest {

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> securityEvents = new ListAppender<>();
    private Demo demo;

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("bulwark.security")).detachAppender(securityEvents);
        if (demo != null) {
            demo.close();
        }
    }

    private static DemoPorts ports() {
        return new DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    private HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> brokenChainEvents() {
        return securityEvents.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("audit_chain_broken")).toList();
    }

    @Test
    void aTamperedAuditStoreIsASecurityEventAtStartAndTheNodeStillServes() throws Exception {
        DemoPorts ports = ports();
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"))).build();
        String gateway = "https://localhost:" + ports.gateway();
        for (int i = 0; i < 4; i++) {
            assertThat(get(http, gateway + "/bank/v1/accounts").statusCode()).isEqualTo(401);
        }
        List<ChainedAuditRecord> records = demo.node().store().auditRecords().after(0, 100);
        assertThat(records).hasSizeGreaterThanOrEqualTo(4);
        demo.close();
        demo = null;

        // While the node is down, an intruder with the database turns record 2 into another client's and hashes the chain
        // again with plain SHA-256, head row included; without the master key, that is all they can compute.
        String previous = records.getFirst().hash();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("store/bulwark")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
             Statement sql = connection.createStatement()) {
            for (ChainedAuditRecord record : records.subList(1, records.size())) {
                String json = record.seq() == 2 ? record.eventJson().replace("\"status\":401", "\"status\":200") : record.eventJson();
                String hash = sha256(previous, json);
                sql.executeUpdate("UPDATE audit_events SET event_json = '" + json + "', status = " + (record.seq() == 2 ? 200 : record.status())
                        + ", previous_hash = '" + previous + "', record_hash = '" + hash + "' WHERE seq = " + record.seq());
                previous = hash;
            }
            sql.executeUpdate("UPDATE audit_chain_head SET last_hash = '" + previous + "' WHERE id = 1");
        }

        securityEvents.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(securityEvents);
        DemoPorts again = ports();
        demo = Demo.start(dataDir, again, Clock.systemUTC());

        assertThat(brokenChainEvents()).singleElement().satisfies(event -> assertThat(event)
                .contains("broken_at=2").contains("record 2 does not match its MAC").contains("bulwark audit verify"));
        // Still serving, and still auditing: the gateway answers and its refusal is committed to the chain.
        long head = demo.node().store().auditRecords().head().seq();
        HttpResponse<String> served = get(http, "https://localhost:" + again.gateway() + "/bank/v1/accounts");
        assertThat(served.statusCode()).isEqualTo(401);
        assertThat(served.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(demo.node().store().auditRecords().head().seq()).isEqualTo(head + 1);
        assertThat(get(http, "https://localhost:" + again.authorizationServer() + "/.well-known/oauth-authorization-server").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anIntactChainRaisesNoEventAtStart() throws Exception {
        DemoPorts ports = ports();
        demo = Demo.start(dataDir, ports, Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().sslContext(TlsPolicy.jdkClientContext(dataDir.resolve("tls/ca.pem"))).build();
        get(http, "https://localhost:" + ports.gateway() + "/bank/v1/accounts");
        demo.close();
        demo = null;

        securityEvents.start();
        ((Logger) LoggerFactory.getLogger("bulwark.security")).addAppender(securityEvents);
        demo = Demo.start(dataDir, ports(), Clock.systemUTC());
        assertThat(brokenChainEvents()).isEmpty();
    }

    private static String sha256(String previous, String json) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((previous + "\n").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
    }
}
