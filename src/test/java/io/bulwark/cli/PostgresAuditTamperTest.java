package io.bulwark.cli;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.config.StoreConfig;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.store.MasterKey;
import io.bulwark.testing.JwtFactory;
import io.bulwark.testing.NodeYaml;
import io.bulwark.testing.TestPostgres;
import io.bulwark.tls.DevCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * The tamper cases on PostgreSQL: a deployment's bulwark.yaml names the store (a schema of its own per test) and where
 * checkpoints are exported, and the command is run with {@code --config}, as an operator runs it.
 */
class PostgresAuditTamperTest extends AuditTamperContractTest {

    @TempDir
    Path dir;

    private final String schema = TestPostgres.newSchemaName();

    @Override
    protected List<String> target() {
        return List.of("--config", dir.resolve("bulwark.yaml").toString());
    }

    @Override
    protected Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    protected void prepare() throws Exception {
        TestPostgres.assumeAvailable();
        Files.createDirectories(dataDir());
        DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(dir.resolve("tls"));
        Files.writeString(dir.resolve("partner.jwks.json"), new JWKSet(JwtFactory.ecKey("partner-key").toPublicJWK()).toString());
        Files.copy(Path.of("src/main/resources/demo/bank-openapi.yaml"), dir.resolve("bank-openapi.yaml"));
        MasterKey.createIfMissing(dir.resolve("master.key"));
        new NodeYaml("./data", "https://localhost:18443", 18443, 19443, ca.serverIdentity("node", List.of("localhost"), List.of("127.0.0.1")),
                ca.caCertificate(), 18444, ca.clientIdentity("gateway-client", "Bulwark Gateway"))
                .store("""
                        kind: postgres
                        url: %s?currentSchema=%s
                        username: %s
                        """.formatted(TestPostgres.URL, schema, TestPostgres.USER))
                .sections("""
                        audit:
                          checkpoints:
                            every-records: 5
                            every: 1h
                            file: ./data/audit-checkpoints.jsonl
                        """)
                .writeTo(dir.resolve("bulwark.yaml"));
    }

    @Override
    protected MasterKey masterKey() {
        return MasterKey.createIfMissing(dir.resolve("master.key"));
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (TestPostgres.unreachableReason() == null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected JdbcStore openStore() {
        return JdbcStore.postgres(new StoreConfig(StoreConfig.Kind.POSTGRES, TestPostgres.URL, TestPostgres.USER, null), Clock.systemUTC(),
                schema);
    }

    @Override
    protected Connection connect() throws Exception {
        Connection connection = TestPostgres.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
        }
        return connection;
    }
}
