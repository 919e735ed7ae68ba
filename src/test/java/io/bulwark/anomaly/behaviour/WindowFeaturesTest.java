package io.bulwark.anomaly.behaviour;

import io.bulwark.audit.AuditDecision;
import io.bulwark.audit.AuditEvent;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A window's features from decision events: counts, shares, distinct objects, payments, new networks and the hour. */
class WindowFeaturesTest {

    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");

    private static AuditEvent event(String method, String operation, Map<String, String> objects, int status, String reason, long bytes,
                                    String address) {
        return new AuditEvent(NINE.plusSeconds(5), "r", status < 400 ? AuditDecision.ALLOWED : AuditDecision.REFUSED, reason, null, status,
                method, "/p", "bank", operation, objects, "alice", "app", address, 10, bytes, 100, OptionalLong.empty());
    }

    private static double feature(double[] raw, Feature feature) {
        return raw[feature.ordinal()];
    }

    @Test
    void countsSharesObjectsPaymentsAndRefusalsFromEvents() {
        WindowCounts counts = new WindowCounts();
        counts.add(event("GET", "getAccount", Map.of("accountId", "a1"), 200, null, 2_048, "198.51.100.7"));
        counts.add(event("GET", "getAccount", Map.of("accountId", "a2"), 404, "not_found", 100, "198.51.100.7"));
        counts.add(event("GET", "getAccount", Map.of("accountId", "a2"), 401, "invalid_token", 100, "198.51.100.7"));
        counts.add(event("POST", "createPayment", Map.of(), 201, null, 500, "198.51.100.8"));
        counts.add(event("POST", "createPayment", Map.of(), 400, "request_invalid", 200, "198.51.100.8"));
        counts.add(event("GET", "getTransactions", Map.of("accountId", "a1", "page", "2"), 200, null, 4_000, "198.51.100.8"));

        double[] raw = new IdentityProfile().features(counts, NINE);
        assertThat(feature(raw, Feature.RATE)).isEqualTo(6);
        assertThat(feature(raw, Feature.ERRORS)).isEqualTo(2);
        assertThat(feature(raw, Feature.ERROR_SHARE)).isCloseTo(2.0 / (6 + IdentityProfile.ERROR_SHARE_PRIOR), within(1e-9));
        assertThat(feature(raw, Feature.OBJECTS)).as("a1, a2 and page 2").isEqualTo(3);
        assertThat(feature(raw, Feature.OPERATIONS)).isEqualTo(3);
        assertThat(feature(raw, Feature.BYTES)).isEqualTo(6_948);
        assertThat(feature(raw, Feature.PAYMENTS)).as("POSTs to a payment operation, refused ones too").isEqualTo(2);
        assertThat(feature(raw, Feature.REFUSALS)).as("refusals other than 401/403/404/429").isEqualTo(1);
        assertThat(feature(raw, Feature.NEW_NETWORKS)).as("nothing is new to an identity without history").isZero();
        assertThat(AlertReasons.refusals(counts)).isEqualTo("refusals by reason: invalid_token 1, not_found 1, request_invalid 1");
    }

    @Test
    void sharesOfSeveralNodesMergeIntoTheWholeWindowAndSurviveTheStore() {
        WindowCounts a = new WindowCounts();
        WindowCounts b = new WindowCounts();
        for (int i = 0; i < 50; i++) {
            (i % 2 == 0 ? a : b).add(event("GET", "getAccount", Map.of("accountId", "acc-" + i), 404, "not_found", 100, "203.0.113." + i % 3));
        }
        a.add(event("GET", "getAccount", Map.of("accountId", "acc-1"), 200, null, 100, "203.0.113.0"));
        WindowCounts merged = WindowCounts.fromBytes(a.toBytes());
        merged.merge(WindowCounts.fromBytes(b.toBytes()));
        assertThat(merged.requests()).isEqualTo(51);
        assertThat(merged.distinctObjects()).as("acc-1 seen on both nodes counts once").isEqualTo(50);
        assertThat(merged.errors()).isEqualTo(50);
        assertThat(merged.addresses).hasSize(3);
        assertThat(merged.refusals).containsEntry("not_found", 50L);
        assertThat(merged.mostEnumerated()).isEqualTo("accountId");
    }

    @Test
    void newAddressesAndNetworksAreThoseTheIdentityNeverUsed() {
        IdentityProfile profile = new IdentityProfile();
        WindowCounts usual = new WindowCounts();
        usual.add(event("GET", "getAccount", Map.of(), 200, null, 1, "198.51.100.7"));
        usual.add(event("GET", "getAccount", Map.of(), 200, null, 1, "2001:db8:1:2::5"));
        profile.learn(usual, new double[Feature.COUNT], NINE);

        WindowCounts next = new WindowCounts();
        next.add(event("GET", "getAccount", Map.of(), 200, null, 1, "198.51.100.99"));
        next.add(event("GET", "getAccount", Map.of(), 200, null, 1, "2001:db8:1:ffff::1"));
        next.add(event("GET", "getAccount", Map.of(), 200, null, 1, "192.0.2.40"));
        next.add(event("GET", "getAccount", Map.of(), 200, null, 1, "2001:db8:2::1"));
        double[] raw = profile.features(next, NINE);
        assertThat(feature(raw, Feature.NEW_ADDRESSES)).isEqualTo(4);
        assertThat(profile.newNetworks(next)).as("the /24 and the /48 the identity used are not new")
                .containsExactly("192.0.2.0/24", "2001:db8:2:0:0:0:0:0/48");
    }

    @Test
    void theHourDeviatesOnlyOnceTheIdentitysHoursAreKnown() {
        IdentityProfile profile = new IdentityProfile();
        WindowCounts counts = new WindowCounts();
        counts.add(event("GET", "getAccount", Map.of(), 200, null, 1, "198.51.100.7"));
        assertThat(profile.hourDeviation(NINE.plusSeconds(18 * 3600))).isZero();
        for (int i = 0; i < IdentityProfile.HOURS_KNOWN_AFTER; i++) {
            profile.learn(counts, new double[Feature.COUNT], NINE.plusSeconds(i % 3 * 3600));
        }
        assertThat(profile.hourDeviation(NINE.plusSeconds(3600))).as("the busiest hour, with its neighbours").isZero();
        assertThat(profile.hourDeviation(NINE.plusSeconds(18 * 3600))).isGreaterThan(0.95);
    }
}
