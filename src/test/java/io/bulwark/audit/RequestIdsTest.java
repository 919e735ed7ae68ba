package io.bulwark.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Request ids are UUID version 7 (RFC 9562 §5.7): they say when they were made, which the audit search narrows by. */
class RequestIdsTest {

    @Test
    void anIdIsAVersion7UuidOfTheRfc4122VariantCarryingItsTimeInMilliseconds() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = RequestIds.next();
        Instant after = Instant.now();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(id).hasSize(36).isLowerCase();
        assertThat(RequestIds.timeOf(id)).hasValueSatisfying(made -> assertThat(made).isBetween(before, after));
    }

    @Test
    void anIdMadeForAGivenTimeTellsThatTimeToTheMillisecond() {
        Instant time = Instant.parse("2026-03-01T10:15:30.123456Z");
        assertThat(RequestIds.timeOf(RequestIds.at(time))).contains(Instant.parse("2026-03-01T10:15:30.123Z"));
    }

    @Test
    void idsDoNotRepeatWithinOneMillisecond() {
        Instant time = Instant.parse("2026-03-01T10:15:30Z");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.at(time));
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void otherIdsTellNoTime() {
        assertThat(RequestIds.timeOf(UUID.randomUUID().toString())).isEmpty();
        assertThat(RequestIds.timeOf("request-7")).isEmpty();
        assertThat(RequestIds.timeOf("")).isEmpty();
        // A version 7 UUID written without its leading zeros is not the canonical spelling an id is answered in.
        String id = RequestIds.at(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(RequestIds.timeOf(id.toUpperCase(java.util.Locale.ROOT))).isPresent();
        assertThat(RequestIds.timeOf(id.replaceFirst("^0+", ""))).isEqualTo(id.startsWith("0") ? Optional.empty() : RequestIds.timeOf(id));
    }

    @Test
    void aQueryByAVersion7IdIsKeptToTheMinutesAroundItsTimeWithinTheWindowAsked() {
        Instant made = Instant.parse("2026-03-01T10:15:30Z");
        String id = RequestIds.at(made);
        AuditQuery byId = new AuditQuery(Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(byId.narrowedByRequestTime()).hasValueSatisfying(narrowed -> {
            assertThat(narrowed.since()).contains(made.minus(AuditQuery.REQUEST_TIME_MARGIN));
            assertThat(narrowed.until()).contains(made.plus(AuditQuery.REQUEST_TIME_MARGIN));
            assertThat(narrowed.requestId()).contains(id);
        });
        Instant asked = made.minusSeconds(10);
        AuditQuery withSince = new AuditQuery(Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(asked),
                Optional.empty());
        assertThat(withSince.narrowedByRequestTime()).hasValueSatisfying(narrowed -> assertThat(narrowed.since()).contains(asked));
        AuditQuery byOldId = new AuditQuery(Optional.of(UUID.randomUUID().toString()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(byOldId.narrowedByRequestTime()).isEmpty();
    }
}
