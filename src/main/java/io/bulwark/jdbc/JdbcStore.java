package io.bulwark.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.anomaly.response.AnomalyActionStore;
import io.bulwark.audit.AuditBatchWriter;
import io.bulwark.audit.AuditCheckpoints;
import io.bulwark.audit.AuditRecords;
import io.bulwark.audit.AuditSearch;
import io.bulwark.clients.ClientRepository;
import io.bulwark.config.StoreConfig;
import io.bulwark.oauth.account.AccountSessionStore;
import io.bulwark.oauth.authorize.AuthorizationCodeStore;
import io.bulwark.oauth.authorize.InteractionStore;
import io.bulwark.oauth.grants.GrantStore;
import io.bulwark.oauth.par.PushedRequestStore;
import io.bulwark.oauth.refresh.RefreshTokenStore;
import io.bulwark.oauth.users.UserRepository;
import io.bulwark.store.FailureCounters;
import io.bulwark.store.InMemoryReplayGuard;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.OneTimeReservations;
import io.bulwark.store.ReplayGuard;
import io.bulwark.store.RevokedTokens;
import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.Store;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The {@link Store} over JDBC: an embedded H2 file for one node, or PostgreSQL shared by many. */
public final class JdbcStore implements Store {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final HikariDataSource dataSource;
    private final ClientRepository clients;
    private final Map<KeyPurpose, SigningKeyRepository> signingKeys = new EnumMap<>(KeyPurpose.class);
    private final ReplayGuard replayGuard;
    private final OneTimeReservations reservations;
    private final RevokedTokens revokedTokens;
    private final JdbcAuditLog auditLog;
    private final JdbcAuditCheckpoints auditCheckpoints;
    private final KeptStatements auditWrites;
    private final FailureCounters failureCounters;
    private final UserRepository users;
    private final PushedRequestStore pushedRequests;
    private final InteractionStore interactions;
    private final AccountSessionStore accountSessions;
    private final AuthorizationCodeStore authorizationCodes;
    private final GrantStore grants;
    private final RefreshTokenStore refreshTokens;
    private final AnomalyActionStore anomalyActions;
    private final JdbcBehaviourState behaviour;

    private JdbcStore(HikariDataSource dataSource, ReplayGuard replayGuard, InstantSource clock) {
        this.dataSource = dataSource;
        Jdbc jdbc = new Jdbc(dataSource);
        this.clients = new JdbcClientRepository(jdbc);
        for (KeyPurpose purpose : KeyPurpose.values()) {
            signingKeys.put(purpose, new JdbcSigningKeyRepository(jdbc, purpose));
        }
        this.replayGuard = replayGuard;
        // In the database for the embedded store too: a consented payment in flight or made must survive a restart.
        this.reservations = new JdbcOneTimeReservations(jdbc, clock);
        this.revokedTokens = new JdbcRevokedTokens(jdbc);
        this.auditWrites = new KeptStatements(dataSource, "bulwark-audit-writer");
        this.auditLog = new JdbcAuditLog(jdbc, auditWrites);
        this.auditCheckpoints = new JdbcAuditCheckpoints(jdbc);
        this.failureCounters = new JdbcFailureCounters(dataSource, clock);
        this.users = new JdbcUserRepository(jdbc);
        this.pushedRequests = new JdbcPushedRequestStore(jdbc);
        this.interactions = new JdbcInteractionStore(jdbc, clock);
        this.accountSessions = new JdbcAccountSessionStore(jdbc, clock);
        this.authorizationCodes = new JdbcAuthorizationCodeStore(jdbc, clock);
        this.grants = new JdbcGrantStore(jdbc);
        this.refreshTokens = new JdbcRefreshTokenStore(jdbc, clock);
        this.anomalyActions = new JdbcAnomalyActions(jdbc);
        this.behaviour = new JdbcBehaviourState(jdbc, clock);
    }

    /**
     * The embedded store of a single node: the H2 file {@code dataDir/store/bulwark}, with one-time
     * identifiers kept in memory (no other node needs to see them).
     */
    public static JdbcStore embedded(Path dataDir, InstantSource clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        return start(DataSources.h2File(dataDir.resolve("store")), null, ignored -> new InMemoryReplayGuard(clock), clock);
    }

    /** The PostgreSQL store of {@code config}, in the connection's default schema. */
    public static JdbcStore postgres(StoreConfig config, InstantSource clock) {
        return postgres(config, clock, null);
    }

    /**
     * The PostgreSQL store of {@code config} in {@code schema} (created if missing), or in the
     * connection's default schema when {@code schema} is null.
     */
    public static JdbcStore postgres(StoreConfig config, InstantSource clock, String schema) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        if (config.kind() != StoreConfig.Kind.POSTGRES) {
            throw new IllegalArgumentException("not a postgres store configuration: " + config);
        }
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must be lower-case letters, digits and underscores: "
                    + schema);
        }
        return start(DataSources.postgres(config, schema), schema, ds -> new JdbcReplayGuard(ds, clock), clock);
    }

    private static JdbcStore start(HikariDataSource dataSource, String schema,
                                   Function<DataSource, ReplayGuard> replayGuard, InstantSource clock) {
        try {
            Migrations.migrate(dataSource, schema);
            return new JdbcStore(dataSource, replayGuard.apply(dataSource), clock);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Override
    public ClientRepository clients() {
        return clients;
    }

    @Override
    public SigningKeyRepository signingKeys(KeyPurpose purpose) {
        return signingKeys.get(purpose);
    }

    @Override
    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    @Override
    public OneTimeReservations reservations() {
        return reservations;
    }

    /** The users who sign in at the authorization endpoint. */
    public UserRepository users() {
        return users;
    }

    /** Pushed authorization requests (RFC 9126). */
    public PushedRequestStore pushedRequests() {
        return pushedRequests;
    }

    /** Sign-ins in progress at the authorization endpoint. */
    public InteractionStore interactions() {
        return interactions;
    }

    /** Sessions of the account pages (a user's own grants), apart from the authorization flow's sign-ins. */
    public AccountSessionStore accountSessions() {
        return accountSessions;
    }

    /** Issued authorization codes. */
    public AuthorizationCodeStore authorizationCodes() {
        return authorizationCodes;
    }

    /** The grants users have given clients. */
    public GrantStore grants() {
        return grants;
    }

    /** Issued refresh tokens (RFC 6749 §6), by hash. */
    public RefreshTokenStore refreshTokens() {
        return refreshTokens;
    }

    /** The responses to anomaly alerts (throttles, step-ups, suspensions, revocations and what was only recorded). */
    public AnomalyActionStore anomalyActions() {
        return anomalyActions;
    }

    @Override
    public RevokedTokens revokedTokens() {
        return revokedTokens;
    }

    @Override
    public AuditBatchWriter auditWriter() {
        return auditLog;
    }

    @Override
    public AuditRecords auditRecords() {
        return auditLog;
    }

    @Override
    public AuditSearch auditSearch() {
        return auditLog;
    }

    @Override
    public AuditCheckpoints auditCheckpoints() {
        return auditCheckpoints;
    }

    @Override
    public FailureCounters failureCounters() {
        return failureCounters;
    }

    /** Reports the connection pool's health (active, idle, pending connections, waits) to {@code tracker}; once per store. */
    public void trackPool(com.zaxxer.hikari.metrics.MetricsTrackerFactory tracker) {
        dataSource.setMetricsTrackerFactory(tracker);
    }

    @Override
    public void close() {
        auditWrites.close();
        dataSource.close();
    }

    /** The behaviour detector's saved models (V16). */
    public io.bulwark.anomaly.behaviour.BehaviourModels behaviourModels() {
        return behaviour;
    }

    /** The behaviour detector's window exchange between nodes (V16). */
    public io.bulwark.anomaly.behaviour.WindowExchange behaviourWindows() {
        return behaviour;
    }

    /** The behaviour detector's scoring leases (V16). */
    public io.bulwark.anomaly.behaviour.ScoringLeases behaviourLeases() {
        return behaviour;
    }
}
