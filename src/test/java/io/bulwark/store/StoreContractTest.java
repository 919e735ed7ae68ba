package io.bulwark.store;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.ClientReader;
import io.bulwark.oauth.clientauth.ClientAssertionVerifier;
import io.bulwark.testing.MutableClock;
import io.bulwark.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Store} adapter must do; each adapter's test extends this and says how to open it. */
abstract class StoreContractTest {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    protected final MutableClock clock = new MutableClock(T0);
    protected Store store;

    /** Opens the adapter under test; called again to get a second handle ("node") on the same data. */
    protected abstract Store openStore(InstantSource clock);

    @BeforeEach
    void openStore() {
        store = openStore(clock);
    }

    @AfterEach
    void closeStore() {
        // Null when opening was skipped (an adapter whose service is absent).
        if (store != null) {
            store.close();
        }
    }

    // --- clients -------------------------------------------------------------------------------

    @Test
    void savedClientIsFoundWithItsScopesAndFlags() {
        RegisteredClient client = client("tpp-1", Set.of("accounts:read", "payments:write"), true);

        store.clients().save(client);

        assertThat(store.clients().find("tpp-1")).contains(client);
    }

    @Test
    void unknownClientIsEmpty() {
        assertThat(store.clients().find("nobody")).isEmpty();
    }

    @Test
    void clientWithoutScopesRoundTrips() {
        RegisteredClient client = client("tpp-1", Set.of(), false);

        store.clients().save(client);

        assertThat(store.clients().find("tpp-1")).contains(client);
    }

    @Test
    void savingTheSameIdReplacesTheRegistration() {
        store.clients().save(client("tpp-1", Set.of("accounts:read", "balances:read", "payments:write"), false));
        RegisteredClient replacement = TestClients.client("tpp-1").name("Renamed TPP")
                .jwks("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k2\"}]}").scopes("payments:read").disabled(true).createdAt(T0.plusSeconds(60)).build();

        store.clients().save(replacement);

        assertThat(store.clients().find("tpp-1")).contains(replacement);
        assertThat(store.clients().list()).containsExactly(replacement);
    }

    @Test
    void listReturnsEveryClientOrderedById() {
        RegisteredClient b = client("b-client", Set.of("accounts:read"), false);
        RegisteredClient a = client("A-client", Set.of("payments:read", "payments:write"), false);
        RegisteredClient c = client("c-client", Set.of(), true);
        store.clients().save(b);
        store.clients().save(c);
        store.clients().save(a);

        assertThat(store.clients().list()).containsExactly(a, b, c);
    }

    @Test
    void senderConstraintAndCertificateSubjectRoundTrip() {
        RegisteredClient mtls = TestClients.client("tpp-mtls").name("TPP mTLS")
                .authMethod(RegisteredClient.TLS_CLIENT_AUTH).scopes("accounts:read").createdAt(T0).senderConstraint(SenderConstraint.MTLS)
                .tlsClientAuthSubjectDn("CN=tpp-mtls,O=TPP Ltd,C=GB").build();
        RegisteredClient dpop = TestClients.client("tpp-dpop").name("TPP DPoP")
                .scopes("accounts:read").createdAt(T0).senderConstraint(SenderConstraint.DPOP).build();
        store.clients().save(mtls);
        store.clients().save(dpop);

        assertThat(store.clients().find("tpp-mtls")).contains(mtls);
        assertThat(store.clients().find("tpp-dpop")).contains(dpop);

        RegisteredClient either = TestClients.client("tpp-mtls").name("TPP mTLS")
                .authMethod(RegisteredClient.SELF_SIGNED_TLS_CLIENT_AUTH).scopes("accounts:read").createdAt(T0).build();
        store.clients().save(either);
        assertThat(store.clients().find("tpp-mtls")).contains(either);
    }

    @Test
    void jwksUriTokenSettingsAndGrantTypesRoundTripAndClear() {
        RegisteredClient byReference = new RegisteredClient("tpp-uri", "TPP", RegisteredClient.PRIVATE_KEY_JWT, "{\"keys\":[]}",
                java.net.URI.create("https://tpp.example/jwks.json"), Set.of("accounts:read"), false, T0, SenderConstraint.DPOP, null,
                List.of("https://tpp.example/cb"), Set.of("account_information"), new TokenSettings(Duration.ofMinutes(15), true),
                Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.CLIENT_CREDENTIALS));
        store.clients().save(byReference);
        assertThat(store.clients().find("tpp-uri")).contains(byReference);

        RegisteredClient inline = new RegisteredClient("tpp-uri", "TPP", RegisteredClient.PRIVATE_KEY_JWT, "{\"keys\":[]}", null,
                Set.of("accounts:read"), false, T0, SenderConstraint.DPOP, null, List.of(), Set.of(), TokenSettings.DEFAULTS,
                Set.of(RegisteredClient.CLIENT_CREDENTIALS));
        store.clients().save(inline);
        assertThat(store.clients().find("tpp-uri")).contains(inline);
    }

    // --- signing keys --------------------------------------------------------------------------

    @Test
    void eachKeyPurposeListsOnlyItsOwnKeys() {
        StoredSigningKey token = key("token-key", T0, null);
        StoredSigningKey identity = key("identity-key", T0.plusSeconds(1), null);
        store.signingKeys().add(token);
        store.signingKeys(KeyPurpose.GATEWAY_IDENTITY).add(identity);

        assertThat(store.signingKeys().list()).containsExactly(token);
        assertThat(store.signingKeys(KeyPurpose.ACCESS_TOKENS).list()).containsExactly(token);
        assertThat(store.signingKeys(KeyPurpose.GATEWAY_IDENTITY).list()).containsExactly(identity);
    }

    @Test
    void signingKeysAreListedOldestFirst() {
        StoredSigningKey newest = key("k3", T0.plusSeconds(7200), null);
        StoredSigningKey oldest = key("k1", T0, T0.plusSeconds(3600));
        StoredSigningKey middle = key("k2", T0.plusSeconds(3600), null);
        store.signingKeys().add(newest);
        store.signingKeys().add(oldest);
        store.signingKeys().add(middle);

        assertThat(store.signingKeys().list()).containsExactly(oldest, middle, newest);
    }

    @Test
    void aDuplicateSigningKeyIdIsRejected() {
        StoredSigningKey first = key("k1", T0, null);
        store.signingKeys().add(first);

        assertThatThrownBy(() -> store.signingKeys().add(key("k1", T0.plusSeconds(1), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k1");
        assertThat(store.signingKeys().list()).containsExactly(first);
    }

    @Test
    void noSigningKeysListsEmpty() {
        assertThat(store.signingKeys().list()).isEmpty();
    }

    // --- replay guard --------------------------------------------------------------------------

    @Test
    void anIdentifierIsFirstUsedOnlyOnce() {
        ReplayGuard guard = store.replayGuard();
        Instant expiry = T0.plus(Duration.ofMinutes(5));

        assertThat(guard.firstUse("jti", "abc", expiry)).isTrue();
        assertThat(guard.firstUse("jti", "abc", expiry)).isFalse();
        assertThat(guard.firstUse("jti", "abd", expiry)).isTrue();
    }

    @Test
    void namespacesAreIndependent() {
        ReplayGuard guard = store.replayGuard();
        Instant expiry = T0.plus(Duration.ofMinutes(5));

        assertThat(guard.firstUse("client-assertion", "abc", expiry)).isTrue();
        assertThat(guard.firstUse("dpop", "abc", expiry)).isTrue();
        assertThat(guard.firstUse("dpop", "abc", expiry)).isFalse();
    }

    @Test
    void theLongestClientIdAndJtiTheServerAcceptsAreRecordedAndKeptApart() {
        // The namespace ClientAssertionVerifier uses, for the longest client ids the config and CLI accept.
        String longestClient = "c".repeat(ClientReader.MAX_CLIENT_ID_LENGTH);
        String otherLongestClient = longestClient.substring(1) + "d";
        String longestJti = "j".repeat(ClientAssertionVerifier.MAX_JTI_LENGTH);
        String otherLongestJti = longestJti.substring(1) + "k";
        ReplayGuard guard = store.replayGuard();
        Instant expiry = T0.plus(Duration.ofMinutes(5));

        assertThat(guard.firstUse("client-assertion:" + longestClient, longestJti, expiry)).isTrue();
        assertThat(guard.firstUse("client-assertion:" + longestClient, longestJti, expiry)).isFalse();
        assertThat(guard.firstUse("client-assertion:" + longestClient, otherLongestJti, expiry)).isTrue();
        assertThat(guard.firstUse("client-assertion:" + otherLongestClient, longestJti, expiry)).isTrue();
        // `bulwark clients create --id` names the client after its id.
        RegisteredClient client = TestClients.client(longestClient).scopes("accounts:read").createdAt(T0).build();
        store.clients().save(client);
        assertThat(store.clients().find(longestClient)).contains(client);
    }

    @Test
    void anIdentifierIsUsableAgainOnceExpired() {
        ReplayGuard guard = store.replayGuard();
        assertThat(guard.firstUse("jti", "abc", T0.plus(Duration.ofMinutes(5)))).isTrue();

        clock.advance(Duration.ofMinutes(4));
        assertThat(guard.firstUse("jti", "abc", clock.instant().plus(Duration.ofMinutes(5)))).isFalse();

        clock.advance(Duration.ofMinutes(2));
        Instant renewedExpiry = clock.instant().plus(Duration.ofMinutes(5));
        assertThat(guard.firstUse("jti", "abc", renewedExpiry)).isTrue();
        assertThat(guard.firstUse("jti", "abc", renewedExpiry)).isFalse();
    }

    @Test
    void ofSixteenRacingCallersExactlyOneIsFirst() throws Exception {
        for (int round = 0; round < 10; round++) {
            assertThat(countFirstUses(List.of(store.replayGuard()), 16, "race-" + round))
                    .as("callers told 'first use' in round %d", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void aRevokedTokenIsKnownAsRevokedAndRevokingTwiceIsHarmless() {
        assertThat(store.revokedTokens().isRevoked("jti-1")).isFalse();
        store.revokedTokens().revoke("jti-1", "partner", T0.plusSeconds(300));
        store.revokedTokens().revoke("jti-1", "partner", T0.plusSeconds(300));
        assertThat(store.revokedTokens().isRevoked("jti-1")).isTrue();
        assertThat(store.revokedTokens().isRevoked("jti-2")).isFalse();
    }

    // --- one-time reservations -----------------------------------------------------------------

    @Test
    void aReservedUseIsTakenUntilReleasedAndASpentOneForGood() {
        OneTimeReservations reservations = store.reservations();
        Instant until = T0.plus(Duration.ofDays(90));
        String holder = reservations.reserve("payment-consent", "p1", until).orElseThrow();
        assertThat(reservations.reserve("payment-consent", "p1", until)).as("in flight").isEmpty();
        assertThat(reservations.reserve("other", "p1", until)).as("namespaces apart").isPresent();

        assertThat(reservations.release("payment-consent", "p1", "not-the-holder")).isFalse();
        assertThat(reservations.reserve("payment-consent", "p1", until)).isEmpty();
        assertThat(reservations.release("payment-consent", "p1", holder)).isTrue();
        assertThat(reservations.release("payment-consent", "p1", holder)).as("released once").isFalse();

        String second = reservations.reserve("payment-consent", "p1", until).orElseThrow();
        assertThat(second).isNotEqualTo(holder);
        assertThat(reservations.release("payment-consent", "p1", holder)).as("an old holder cannot free the new one").isFalse();
        assertThat(reservations.spend("payment-consent", "p1", second)).isTrue();
        assertThat(reservations.release("payment-consent", "p1", second)).as("spent: no release").isFalse();
        assertThat(reservations.reserve("payment-consent", "p1", until)).isEmpty();
    }

    @Test
    void aReservationIsRememberedUntilItExpiresThenTakenOver() {
        OneTimeReservations reservations = store.reservations();
        String stale = reservations.reserve("payment-consent", "p1", T0.plusSeconds(60)).orElseThrow();
        clock.advance(Duration.ofSeconds(59));
        assertThat(reservations.reserve("payment-consent", "p1", clock.instant().plusSeconds(60))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        String fresh = reservations.reserve("payment-consent", "p1", clock.instant().plusSeconds(60)).orElseThrow();
        assertThat(reservations.release("payment-consent", "p1", stale)).as("the expired holder cannot free the new one").isFalse();
        assertThat(reservations.spend("payment-consent", "p1", stale)).isFalse();
        assertThat(reservations.release("payment-consent", "p1", fresh)).isTrue();
    }

    @Test
    void ofSixteenRacingReservationsExactlyOneHoldsTheUse() throws Exception {
        for (int round = 0; round < 5; round++) {
            assertThat(countReservations(List.of(store.reservations()), 16, "race-" + round)).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void reservationsSurviveReopeningTheStore() {
        String holder = store.reservations().reserve("payment-consent", "p1", T0.plus(Duration.ofDays(90))).orElseThrow();
        store.reservations().spend("payment-consent", "p1", holder);
        store.close();
        store = openStore(clock);   // a restart must not forget a payment made
        assertThat(store.reservations().reserve("payment-consent", "p1", T0.plus(Duration.ofDays(90)))).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Starts {@code threads} callers at once on the same identifier, spread over {@code guards}. */
    protected static int countFirstUses(List<ReplayGuard> guards, int threads, String id) throws Exception {
        Instant expiry = T0.plus(Duration.ofMinutes(5));
        return countWinners(threads, i -> () -> guards.get(i % guards.size()).firstUse("race", id, expiry));
    }

    /** Starts {@code threads} reservations of one use at once, spread over {@code nodes}; how many got it. */
    protected static int countReservations(List<OneTimeReservations> nodes, int threads, String id) throws Exception {
        Instant expiry = T0.plus(Duration.ofMinutes(5));
        return countWinners(threads, i -> () -> nodes.get(i % nodes.size()).reserve("race", id, expiry).isPresent());
    }

    /** Starts {@code threads} callers at once; how many of them answered true. */
    private static int countWinners(int threads, java.util.function.IntFunction<java.util.concurrent.Callable<Boolean>> caller)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                java.util.concurrent.Callable<Boolean> call = caller.apply(i);
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            int first = 0;
            for (Future<Boolean> result : results) {
                if (result.get(30, TimeUnit.SECONDS)) {
                    first++;
                }
            }
            return first;
        } finally {
            pool.shutdownNow();
        }
    }

    protected static RegisteredClient client(String id, Set<String> scopes, boolean disabled) {
        return TestClients.client(id).name("TPP " + id)
                .jwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + id + "\"}]}").scopes(scopes).disabled(disabled).createdAt(T0).build();
    }

    protected static StoredSigningKey key(String kid, Instant createdAt, Instant retiredAt) {
        return new StoredSigningKey(kid, "ES256", "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}", "v1:sealed-" + kid,
                createdAt, createdAt.plusSeconds(30), retiredAt);
    }
}
