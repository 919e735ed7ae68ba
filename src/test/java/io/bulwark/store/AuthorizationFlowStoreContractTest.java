package io.bulwark.store;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.jdbc.JdbcStore;
import io.bulwark.oauth.account.AccountSession;
import io.bulwark.oauth.authorize.Interaction;
import io.bulwark.oauth.authorize.IssuedCode;
import io.bulwark.oauth.authorize.Redemption;
import io.bulwark.oauth.core.TokenBinding;
import io.bulwark.oauth.grants.Grant;
import io.bulwark.oauth.par.PushedRequest;
import io.bulwark.oauth.rar.AccountInformation;
import io.bulwark.oauth.rar.AuthorizationDetail;
import io.bulwark.oauth.rar.PaymentInitiation;
import io.bulwark.oauth.refresh.RefreshToken;
import io.bulwark.oauth.users.User;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JDBC adapter of the authorization-code flow's ports must do, on each database: users,
 * pushed requests, sign-ins, codes, grants and refresh tokens, with every single-use rule atomic under races.
 */
abstract class AuthorizationFlowStoreContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected final MutableClock clock = new MutableClock(T0);
    protected JdbcStore store;

    protected abstract JdbcStore openStore(InstantSource clock);

    @BeforeEach
    void open() {
        store = openStore(clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static final List<AuthorizationDetail> DETAILS = List.of(
            new AccountInformation(List.of("list_accounts", "read_balances"), List.of("acc-1", "acc-2")),
            new PaymentInitiation(List.of("initiate"), new BigDecimal("123.50"), "EUR", "DE02100100109307118603", "Merchant A", "Ref 1", null));

    private static PushedRequest request(Instant expiresAt) {
        return new PushedRequest("tpp-1", "https://tpp.example/cb?x=1", Set.of("accounts:read", "balances:read"), "state-1", "nonce-1",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", DETAILS, expiresAt, null);
    }

    private static IssuedCode code(String grantId, Instant expiresAt) {
        return new IssuedCode(grantId, "tpp-1", "alice", "https://tpp.example/cb", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Set.of("accounts:read"), DETAILS, "nonce-1", expiresAt, null);
    }

    private Grant grant(String id, String subject) {
        return new Grant(id, subject, "tpp-1", Set.of("accounts:read"), DETAILS, clock.instant(), null);
    }

    // --- clients ---

    @Test
    void aClientsRedirectUrisAndDetailsTypesRoundTrip() {
        RegisteredClient client = TestClients.client("tpp-1").name("TPP").scopes("accounts:read").createdAt(T0)
                .redirectUris("https://tpp.example/cb", "https://tpp.example/cb2?a=b")
                .authorizationDetailsTypes(Set.of("account_information", "payment_initiation")).build();
        RegisteredClient machine = TestClients.client("m2m").name("M2M").scopes("accounts:read").createdAt(T0).build();

        store.clients().save(client);
        store.clients().save(machine);

        assertThat(store.clients().find("tpp-1")).contains(client);
        assertThat(store.clients().find("m2m").orElseThrow().redirectUris()).isEmpty();
        assertThat(store.clients().find("m2m").orElseThrow().authorizationDetailsTypes()).isEmpty();
    }

    @Test
    void refreshTokenRotationIsOffByDefaultAndRoundTrips() {
        RegisteredClient client = TestClients.client("tpp-1").name("TPP").scopes("accounts:read").createdAt(T0)
                .redirectUris("https://tpp.example/cb").build();
        store.clients().save(client);
        assertThat(store.clients().find("tpp-1").orElseThrow().refreshTokenRotation()).isFalse();

        store.clients().save(client.withRefreshTokenRotation(true));
        assertThat(store.clients().find("tpp-1").orElseThrow().refreshTokenRotation()).isTrue();
        assertThat(store.clients().find("tpp-1").orElseThrow().withDisabled(true).refreshTokenRotation()).isTrue();
    }

    // --- users ---

    @Test
    void usersAreSavedReplacedAndFound() {
        User alice = new User("alice", "sub-alice", "Alice", "$argon2id$x", "v1:sealed", false, T0);
        store.users().save(alice);
        User renamed = new User("alice", "sub-alice", "Alice S.", "$argon2id$y", null, true, T0);
        store.users().save(renamed);

        assertThat(store.users().find("alice")).contains(renamed);
        assertThat(store.users().find("bob")).isEmpty();
    }

    @Test
    void totpStepsOnlyMoveForward() {
        store.users().save(new User("alice", "alice", "Alice", "$argon2id$x", "v1:s", false, T0));

        assertThat(store.users().useTotpStep("alice", 100)).isTrue();
        assertThat(store.users().useTotpStep("alice", 100)).isFalse();
        assertThat(store.users().useTotpStep("alice", 99)).isFalse();
        assertThat(store.users().useTotpStep("alice", 101)).isTrue();
        assertThat(store.users().useTotpStep("nobody", 500)).isFalse();
    }

    @Test
    void aTotpStepIsAcceptedOnceUnderARace() throws Exception {
        store.users().save(new User("alice", "alice", "Alice", "$argon2id$x", "v1:s", false, T0));

        assertThat(race(() -> store.users().useTotpStep("alice", 7))).containsOnlyOnce(true);
    }

    // --- pushed requests ---

    @Test
    void aPushedRequestIsTakenOnceAndExactlyAsStored() {
        PushedRequest request = request(T0.plusSeconds(60));
        store.pushedRequests().save("hash-1", request);

        assertThat(store.pushedRequests().take("hash-1", T0.plusSeconds(10))).contains(request);
        assertThat(store.pushedRequests().take("hash-1", T0.plusSeconds(11))).isEmpty();
        assertThat(store.pushedRequests().take("unknown", T0)).isEmpty();
    }

    @Test
    void anExpiredPushedRequestCannotBeTaken() {
        store.pushedRequests().save("hash-1", request(T0.plusSeconds(60)));

        assertThat(store.pushedRequests().take("hash-1", T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aPushedRequestIsTakenByOneOfRacingCallers() throws Exception {
        store.pushedRequests().save("hash-1", request(T0.plusSeconds(60)));

        assertThat(race(() -> store.pushedRequests().take("hash-1", T0).isPresent())).containsOnlyOnce(true);
    }

    // --- sign-ins ---

    @Test
    void aSignInAdvancesOnceFromItsStageAndMovesToItsNewKey() {
        Interaction interaction = new Interaction("csrf-1", Interaction.Stage.LOGIN, null, request(T0.plusSeconds(60)), T0.plusSeconds(600));
        store.interactions().create("s-1", interaction);
        assertThat(store.interactions().find("s-1", T0)).contains(interaction);

        assertThat(store.interactions().advance("s-1", Interaction.Stage.CONSENT, Interaction.Stage.CONSENT, "alice", "s-2")).isFalse();
        assertThat(store.interactions().advance("s-1", Interaction.Stage.LOGIN, Interaction.Stage.SECOND_FACTOR, "alice", "s-2")).isTrue();
        assertThat(store.interactions().advance("s-1", Interaction.Stage.LOGIN, Interaction.Stage.SECOND_FACTOR, "alice", "s-3")).isFalse();

        assertThat(store.interactions().find("s-1", T0)).isEmpty();
        assertThat(store.interactions().find("s-2", T0)).contains(
                new Interaction("csrf-1", Interaction.Stage.SECOND_FACTOR, "alice", interaction.request(), interaction.expiresAt()));
    }

    @Test
    void anExpiredSignInIsNotFoundAndASignInFinishesOnce() {
        store.interactions().create("s-1", new Interaction("c", Interaction.Stage.LOGIN, null, request(T0), T0.plusSeconds(600)));

        assertThat(store.interactions().find("s-1", T0.plusSeconds(600))).isEmpty();
        assertThat(store.interactions().finish("s-1")).isTrue();
        assertThat(store.interactions().finish("s-1")).isFalse();
    }

    @Test
    void aSignInFinishesForOneOfRacingCallers() throws Exception {
        store.interactions().create("s-1", new Interaction("c", Interaction.Stage.LOGIN, null, request(T0), T0.plusSeconds(600)));

        assertThat(race(() -> store.interactions().finish("s-1"))).containsOnlyOnce(true);
    }

    // --- account-page sessions ---

    @Test
    void anAccountSessionAdvancesOnceWithANewKeyAndCsrfTokenAndEndsOnce() throws Exception {
        AccountSession session = new AccountSession("csrf-1", AccountSession.Stage.PASSWORD, null, T0.plusSeconds(900));
        store.accountSessions().create("a-1", session);
        assertThat(store.accountSessions().find("a-1", T0)).contains(session);
        assertThat(store.interactions().find("a-1", T0)).as("apart from the authorization flow's sign-ins").isEmpty();

        assertThat(store.accountSessions().advance("a-1", AccountSession.Stage.SECOND_FACTOR, AccountSession.Stage.SIGNED_IN,
                "alice", "a-2", "csrf-2")).isFalse();
        assertThat(race(() -> store.accountSessions().advance("a-1", AccountSession.Stage.PASSWORD,
                AccountSession.Stage.SECOND_FACTOR, "alice", "a-2", "csrf-2"))).containsOnlyOnce(true);

        assertThat(store.accountSessions().find("a-1", T0)).isEmpty();
        assertThat(store.accountSessions().find("a-2", T0)).contains(
                new AccountSession("csrf-2", AccountSession.Stage.SECOND_FACTOR, "alice", session.expiresAt()));
        assertThat(store.accountSessions().find("a-2", T0.plusSeconds(900))).as("expired").isEmpty();
        assertThat(race(() -> store.accountSessions().end("a-2"))).containsOnlyOnce(true);
        assertThat(store.accountSessions().find("a-2", T0)).isEmpty();
    }

    // --- codes and grants ---

    @Test
    void aCodeIsRedeemedFirstThenSeenAsReused() {
        store.grants().create(grant("g-1", "alice"));
        IssuedCode code = code("g-1", T0.plusSeconds(60));
        store.authorizationCodes().save("c-1", code);

        assertThat(store.authorizationCodes().redeem("c-1", T0)).isEqualTo(new Redemption.First(code));
        assertThat(store.authorizationCodes().redeem("c-1", T0)).isEqualTo(new Redemption.Reused(code));
        assertThat(store.authorizationCodes().redeem("c-2", T0)).isEqualTo(new Redemption.Unknown());
    }

    @Test
    void exactlyOneOfRacingRedemptionsIsTheFirst() throws Exception {
        store.grants().create(grant("g-1", "alice"));
        store.authorizationCodes().save("c-1", code("g-1", T0.plusSeconds(60)));

        List<Boolean> firsts = race(() -> store.authorizationCodes().redeem("c-1", T0) instanceof Redemption.First);

        assertThat(firsts).containsOnlyOnce(true);
    }

    @Test
    void spentCodesOutliveTheirExpiryLongEnoughToBeSeenAsReused() {
        store.grants().create(grant("g-1", "alice"));
        store.authorizationCodes().save("c-1", code("g-1", T0.plusSeconds(60)));
        assertThat(store.authorizationCodes().redeem("c-1", T0)).isInstanceOf(Redemption.First.class);

        // A later save triggers the purge; the spent code, expired for 5 minutes, is still there.
        clock.advance(Duration.ofMinutes(6));
        store.grants().create(grant("g-2", "alice"));
        store.authorizationCodes().save("c-2", code("g-2", clock.instant().plusSeconds(60)));

        assertThat(store.authorizationCodes().redeem("c-1", clock.instant())).isInstanceOf(Redemption.Reused.class);
    }

    @Test
    void grantsAreFoundListedAndRevokedOnce() {
        Grant first = grant("g-1", "alice");
        store.grants().create(first);
        clock.advance(Duration.ofSeconds(1));
        Grant second = grant("g-2", "alice");
        store.grants().create(second);
        store.grants().create(grant("g-3", "bob"));

        assertThat(store.grants().find("g-1")).contains(first);
        assertThat(store.grants().ofSubject("alice")).containsExactly(first, second);

        Instant at = clock.instant().plusSeconds(5);
        assertThat(store.grants().revoke("g-1", at)).isTrue();
        assertThat(store.grants().revoke("g-1", at.plusSeconds(1))).isFalse();
        assertThat(store.grants().revoke("nope", at)).isFalse();
        Optional<Grant> revoked = store.grants().find("g-1");
        assertThat(revoked).get().extracting(Grant::revokedAt).isEqualTo(at);
        assertThat(store.grants().find("g-2").orElseThrow().revoked()).isFalse();
    }

    @Test
    void grantsAreListedBySubjectByClientOrAll() {
        Grant a = grant("g-1", "alice");
        store.grants().create(a);
        clock.advance(Duration.ofSeconds(1));
        Grant b = new Grant("g-2", "alice", "tpp-2", Set.of("accounts:read"), List.of(), clock.instant(), null);
        store.grants().create(b);
        clock.advance(Duration.ofSeconds(1));
        Grant c = grant("g-3", "bob");
        store.grants().create(c);

        assertThat(store.grants().list(null, null)).containsExactly(a, b, c);
        assertThat(store.grants().list("alice", null)).containsExactly(a, b);
        assertThat(store.grants().list(null, "tpp-1")).containsExactly(a, c);
        assertThat(store.grants().list("alice", "tpp-2")).containsExactly(b);
        assertThat(store.grants().list("nobody", null)).isEmpty();
    }

    // --- refresh tokens ---

    private RefreshToken refreshToken(String hash, String grantId, TokenBinding binding, Instant expiresAt) {
        return new RefreshToken(hash, grantId, "tpp-1", "alice", Set.of("accounts:read", "balances:read"), binding, clock.instant(),
                expiresAt, null);
    }

    @Test
    void refreshTokensRoundTripWithEitherBinding() {
        store.grants().create(grant("g-1", "alice"));
        RefreshToken dpop = refreshToken("h-dpop", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plus(Duration.ofDays(30)));
        RefreshToken mtls = refreshToken("h-mtls", "g-1", new TokenBinding.ClientCertificate("x5t-1"), T0.plus(Duration.ofDays(30)));

        store.refreshTokens().create(dpop);
        store.refreshTokens().create(mtls);

        assertThat(store.refreshTokens().find("h-dpop")).contains(dpop);
        assertThat(store.refreshTokens().find("h-mtls")).contains(mtls);
        assertThat(store.refreshTokens().find("nope")).isEmpty();
    }

    @Test
    void aRefreshTokenIsSpentOnceAndStaysFoundAsSpent() {
        store.grants().create(grant("g-1", "alice"));
        store.refreshTokens().create(refreshToken("h-1", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plus(Duration.ofDays(30))));

        assertThat(store.refreshTokens().spend("h-1", T0.plusSeconds(5))).isTrue();
        assertThat(store.refreshTokens().spend("h-1", T0.plusSeconds(6))).isFalse();
        assertThat(store.refreshTokens().spend("unknown", T0)).isFalse();
        assertThat(store.refreshTokens().find("h-1").orElseThrow().spentAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void exactlyOneOfRacingSpendsWins() throws Exception {
        store.grants().create(grant("g-1", "alice"));
        store.refreshTokens().create(refreshToken("h-1", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plus(Duration.ofDays(30))));

        assertThat(race(() -> store.refreshTokens().spend("h-1", T0))).containsOnlyOnce(true);
    }

    @Test
    void expiredRefreshTokensArePurgedAfterADaysGrace() {
        store.grants().create(grant("g-1", "alice"));
        store.refreshTokens().create(refreshToken("h-old", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plusSeconds(60)));

        clock.advance(Duration.ofHours(12));
        store.refreshTokens().create(refreshToken("h-2", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plus(Duration.ofDays(30))));
        assertThat(store.refreshTokens().find("h-old")).isPresent();

        clock.advance(Duration.ofHours(13));
        store.refreshTokens().create(refreshToken("h-3", "g-1", new TokenBinding.Dpop("jkt-1"), T0.plus(Duration.ofDays(30))));
        assertThat(store.refreshTokens().find("h-old")).isEmpty();
        assertThat(store.refreshTokens().find("h-2")).isPresent();
    }

    /** Runs {@code action} on 8 threads at once and returns what each got. */
    private static <T> List<T> race(Callable<T> action) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return action.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
